package com.dhakacart.api.staff.web;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.ratelimit.ClientAddresses;
import com.dhakacart.api.staff.StaffSessions;
import com.dhakacart.api.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives admin controllers, as plain parameters, the logged-in staff member ({@link StaffSessions.Current})
 * and the {@link Actor} their audit entries name (with the client address, X-Forwarded-For believed only
 * from trusted proxies). A handler that asks for one without a logged-in staff member gets 401 even if the
 * security filter was somehow bypassed.
 */
@Configuration
class StaffArguments implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private final ClientAddresses addresses;

    StaffArguments(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class || parameter.getParameterType() == StaffSessions.Current.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (!(who instanceof StaffTokens.Authenticated staff)) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Log in first");
        }
        StaffSessions.Current current = staff.getPrincipal();
        if (parameter.getParameterType() == StaffSessions.Current.class) {
            return current;
        }
        HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
        return new Actor(current.member().id(), current.member().email(), current.member().role().wire(),
                http == null ? null : addresses.clientOf(http));
    }
}
