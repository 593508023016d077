package com.dhakacart.storefront.backoffice.web;

import com.dhakacart.storefront.backoffice.StaffForbidden;
import com.dhakacart.storefront.backoffice.StaffSession;
import com.dhakacart.storefront.backoffice.StaffSignedOut;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Arrays;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The door of every {@code /admin} page: nobody signed in → the log-in page; a one-time password not yet
 * changed → the password page; a role the page is not for → the 403 page. Fails closed: a back-office
 * handler that declares no roles is refused. Every back-office answer is {@code Cache-Control: no-store}
 * (customer data must stay out of shared and browser caches), and none of these paths is ever served from
 * or stored in the storefront's own page cache, which holds only {@code /} and {@code /products/{id}}.
 */
@Configuration
class StaffGate implements HandlerInterceptor, WebMvcConfigurer {

    static final String LOGIN = "/admin/login";
    static final String PASSWORD = "/admin/password";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/admin", "/admin/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        if (!(handler instanceof HandlerMethod method)) {
            return true; // a static resource or the 404 page: nothing of ours
        }
        if (method.hasMethodAnnotation(AnyoneMayOpen.class)) {
            return true;
        }
        StaffOnly page = method.getMethodAnnotation(StaffOnly.class);
        if (page == null) {
            throw new StaffForbidden("no roles declared for " + method.getShortLogMessage(), false);
        }
        StaffSession staff = signedIn(request);
        if (staff == null) {
            throw new StaffSignedOut("not signed in");
        }
        if (staff.mustChangePassword() && !page.beforePasswordChange()) {
            throw new StaffForbidden("change your one-time password first", true);
        }
        if (Arrays.stream(page.value()).noneMatch(role -> role == staff.staffRole())) {
            throw new StaffForbidden(staff.role() + " may not open " + request.getRequestURI(), false);
        }
        return true;
    }

    static StaffSession signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : session.getAttribute(StaffSession.ATTRIBUTE) instanceof StaffSession staff
                ? staff : null;
    }
}
