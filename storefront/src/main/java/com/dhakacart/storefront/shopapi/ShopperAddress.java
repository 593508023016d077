package com.dhakacart.storefront.shopapi;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The address of the browser a request serves, for the {@code X-Forwarded-For} header on every call this
 * request makes to the API: the API's per-address limits and its audit log then see the shopper or staff
 * member, not the storefront. It is the servlet's remote address, i.e. after Tomcat's own forwarded-header
 * handling ({@code server.forward-headers-strategy=native}), which believes X-Forwarded-For only from
 * private-network proxies such as the ingress. A plain servlet filter, so this package stays free of Spring
 * MVC; calls made on another thread take it along with {@link #carried}.
 */
@Component
public class ShopperAddress implements Filter {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** The address of the browser this thread is serving, if it is serving one. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * {@code call} made on another thread (a parallel API call) still on behalf of this thread's browser:
     * the address is carried over, so that call's X-Forwarded-For names the same shopper.
     */
    public static <T> Supplier<T> carried(Supplier<T> call) {
        String address = CURRENT.get();
        return () -> {
            String previous = CURRENT.get();
            CURRENT.set(address);
            try {
                return call.get();
            } finally {
                if (previous == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(previous);
                }
            }
        };
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String previous = CURRENT.get(); // an error or forward dispatch inside the request keeps its address
        CURRENT.set(request.getRemoteAddr());
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
