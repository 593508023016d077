package com.dhakacart.storefront.web;

import com.dhakacart.storefront.shopapi.ApiUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.ResourceUrlProvider;
import org.springframework.web.servlet.resource.ResourceUrlProviderExposingInterceptor;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What every page shows around its content (language switch, and each feature's {@link LayoutPart} such as
 * the cart badge), and the friendly pages for the failures a shopper can meet: 404 for a missing product,
 * 503 when the API is down.
 */
@ControllerAdvice
class ShopPages {

    private static final Logger log = LoggerFactory.getLogger(ShopPages.class);

    private final List<LayoutPart> parts;
    private final ResourceUrlProvider assetUrls;

    ShopPages(List<LayoutPart> parts, ResourceUrlProvider assetUrls) {
        this.parts = parts;
        this.assetUrls = assetUrls;
    }

    @ModelAttribute
    void layout(HttpServletRequest request, Model model) {
        model.addAllAttributes(layoutAttributes(request));
    }

    @ExceptionHandler({ProductNotFound.class, NoResourceFoundException.class, NoHandlerFoundException.class})
    ModelAndView notFound(HttpServletRequest request) {
        return page(request, "error/4xx", HttpStatus.NOT_FOUND); // the 4xx page is the "not found" page
    }

    @ExceptionHandler({ApiUnavailable.class, DataAccessResourceFailureException.class})
    ModelAndView unavailable(RuntimeException e, HttpServletRequest request, HttpServletResponse response) {
        log.warn("shop unavailable: {}", e.getMessage());
        response.setHeader("Retry-After", "30");
        return page(request, "error/503", HttpStatus.SERVICE_UNAVAILABLE);
    }

    private ModelAndView page(HttpServletRequest request, String view, HttpStatus status) {
        // For an address no controller maps, the MVC interceptor that enables versioned asset links
        // never ran; without this the 404 page would link the unversioned stylesheet.
        request.setAttribute(ResourceUrlProviderExposingInterceptor.RESOURCE_URL_PROVIDER_ATTR, assetUrls);
        ModelAndView page = new ModelAndView(view, status);
        page.addAllObjects(layoutAttributes(request));
        return page;
    }

    private java.util.Map<String, Object> layoutAttributes(HttpServletRequest request) {
        boolean english = "en".equals(LocaleContextHolder.getLocale().getLanguage());
        String other = english ? "bn" : "en";
        String path = request.getDispatcherType() == jakarta.servlet.DispatcherType.ERROR ? "/"
                : request.getRequestURI();
        String query = "GET".equals(request.getMethod()) ? request.getQueryString() : null;
        String switchLink = UriComponentsBuilder.fromPath(path).query(query)
                .replaceQueryParam("lang", other).build().toUriString();
        java.util.Map<String, Object> attributes = new HashMap<>();
        parts.forEach(part -> attributes.putAll(part.attributes(request)));
        attributes.put("lang", english ? "en" : "bn");
        attributes.put("langSwitch", switchLink);
        attributes.put("htmlLang", english ? Locale.ENGLISH.getLanguage() : "bn");
        return attributes;
    }
}
