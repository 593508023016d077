package com.dhakacart.storefront.backoffice.web;

import com.dhakacart.storefront.backoffice.AdminApiRefused;
import com.dhakacart.storefront.backoffice.StaffForbidden;
import com.dhakacart.storefront.backoffice.StaffRole;
import com.dhakacart.storefront.backoffice.StaffSession;
import com.dhakacart.storefront.backoffice.StaffSignedOut;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every back-office page shows (who is signed in, which menu entries their role has) and how the
 * admin API's refusals become pages: 401 → log in again, 403 → the 403 page (or the password page for a
 * one-time password), any other 4xx → the page with the API's own words, never a 500.
 */
@ControllerAdvice(basePackageClasses = BackOfficePages.class)
class BackOfficePages {

    private static final Logger log = LoggerFactory.getLogger(BackOfficePages.class);

    @ModelAttribute
    void staff(HttpServletRequest request, Model model) {
        model.addAllAttributes(staffAttributes(request));
    }

    /** Also for the pages below: an exception handler's page gets no @ModelAttribute values. */
    private static java.util.Map<String, Object> staffAttributes(HttpServletRequest request) {
        StaffSession staff = StaffGate.signedIn(request);
        StaffRole role = staff == null ? null : staff.staffRole();
        java.util.Map<String, Object> attributes = new java.util.HashMap<>();
        attributes.put("staff", staff);
        attributes.put("mayEditCatalog", role == StaffRole.OWNER || role == StaffRole.CATALOG_MANAGER);
        attributes.put("mayHandleOrders", role == StaffRole.OWNER || role == StaffRole.ORDER_HANDLER);
        attributes.put("mayManageStaff", role == StaffRole.OWNER);
        return attributes;
    }

    @ExceptionHandler(StaffSignedOut.class)
    String signedOut(StaffSignedOut e, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        boolean expired = session != null && session.getAttribute(StaffSession.ATTRIBUTE) != null;
        if (expired) {
            session.removeAttribute(StaffSession.ATTRIBUTE); // the API no longer knows the token
        }
        return "redirect:" + StaffGate.LOGIN + (expired ? "?expired" : "");
    }

    @ExceptionHandler(StaffForbidden.class)
    ModelAndView forbidden(StaffForbidden e, HttpServletRequest request) {
        if (e.passwordChangeDue()) {
            return new ModelAndView("redirect:" + StaffGate.PASSWORD);
        }
        log.info("back office refused {}: {}", request.getRequestURI(), e.getMessage());
        ModelAndView page = new ModelAndView("admin/403", HttpStatus.FORBIDDEN);
        page.addAllObjects(staffAttributes(request));
        return page;
    }

    /** A refusal no page handled itself (a 404 for an unknown order, a 422 on a list filter). */
    @ExceptionHandler(AdminApiRefused.class)
    ModelAndView refused(AdminApiRefused e, HttpServletRequest request) {
        HttpStatus status = HttpStatus.resolve(e.status());
        ModelAndView page = new ModelAndView("admin/problem",
                status == null || status.is5xxServerError() ? HttpStatus.BAD_REQUEST : status);
        page.addObject("problem", e.message());
        page.addAllObjects(staffAttributes(request));
        return page;
    }
}
