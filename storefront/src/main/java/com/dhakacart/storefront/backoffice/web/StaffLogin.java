package com.dhakacart.storefront.backoffice.web;

import com.dhakacart.storefront.backoffice.AdminApi;
import com.dhakacart.storefront.backoffice.AdminApiRefused;
import com.dhakacart.storefront.backoffice.LoginRefused;
import com.dhakacart.storefront.backoffice.StaffRole;
import com.dhakacart.storefront.backoffice.StaffSession;
import com.dhakacart.storefront.backoffice.StaffSignedOut;
import com.dhakacart.storefront.shopapi.ApiUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Staff log in, log out and change their password. The storefront never sees a password hash: it hands
 * the password to the API and keeps the token it gets back in the session. On log-in the session id is
 * replaced (a session id planted before the log-in is worth nothing after it).
 */
@Controller
class StaffLogin {

    private static final Logger log = LoggerFactory.getLogger(StaffLogin.class);
    /** A staff session idles out long before a shopper's 7-day cart session. */
    static final Duration STAFF_IDLE = Duration.ofHours(8);

    private final AdminApi api;

    StaffLogin(AdminApi api) {
        this.api = api;
    }

    @GetMapping("/admin")
    @StaffOnly(value = {StaffRole.OWNER, StaffRole.CATALOG_MANAGER, StaffRole.ORDER_HANDLER, StaffRole.SUPPORT})
    String home() {
        return "redirect:/admin/orders";
    }

    @GetMapping(StaffGate.LOGIN)
    @AnyoneMayOpen
    String loginForm(HttpServletRequest request) {
        return StaffGate.signedIn(request) != null ? "redirect:/admin" : "admin/login";
    }

    @PostMapping(StaffGate.LOGIN)
    @AnyoneMayOpen
    ModelAndView logIn(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                       HttpServletRequest request) {
        StaffSession staff;
        try {
            if (email.isBlank() || password.isEmpty() || email.length() > 320 || password.length() > 1000) {
                throw new LoginRefused(LoginRefused.Reason.WRONG_CREDENTIALS);
            }
            staff = api.logIn(email.strip(), password);
        } catch (LoginRefused refused) {
            // One message per kind, never whether the account exists (the API answers both alike).
            boolean locked = refused.reason() == LoginRefused.Reason.LOCKED_OUT;
            ModelAndView page = new ModelAndView("admin/login",
                    locked ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.UNAUTHORIZED);
            page.addObject("loginError", locked ? "admin.login.locked" : "admin.login.wrong");
            page.addObject("email", email);
            return page;
        }
        // Session fixation: whatever id the browser had before is replaced now.
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(StaffSession.ATTRIBUTE, staff);
        session.setMaxInactiveInterval((int) idleFor(staff).toSeconds());
        log.info("staff {} logged in", staff);
        return new ModelAndView(staff.mustChangePassword() ? "redirect:" + StaffGate.PASSWORD : "redirect:/admin");
    }

    @PostMapping("/admin/logout")
    @StaffOnly(value = {StaffRole.OWNER, StaffRole.CATALOG_MANAGER, StaffRole.ORDER_HANDLER, StaffRole.SUPPORT},
            beforePasswordChange = true)
    String logOut(HttpServletRequest request) {
        StaffSession staff = StaffGate.signedIn(request);
        try {
            api.logOut(staff);
        } catch (ApiUnavailable | StaffSignedOut | AdminApiRefused e) {
            log.warn("could not revoke the token of {} at the API: {}", staff, e.getMessage());
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(StaffSession.ATTRIBUTE);
            request.changeSessionId();
        }
        return "redirect:" + StaffGate.LOGIN + "?loggedOut";
    }

    @GetMapping(StaffGate.PASSWORD)
    @StaffOnly(value = {StaffRole.OWNER, StaffRole.CATALOG_MANAGER, StaffRole.ORDER_HANDLER, StaffRole.SUPPORT},
            beforePasswordChange = true)
    String passwordForm() {
        return "admin/password";
    }

    @PostMapping(StaffGate.PASSWORD)
    @StaffOnly(value = {StaffRole.OWNER, StaffRole.CATALOG_MANAGER, StaffRole.ORDER_HANDLER, StaffRole.SUPPORT},
            beforePasswordChange = true)
    ModelAndView changePassword(@RequestParam(defaultValue = "") String currentPassword,
                                @RequestParam(defaultValue = "") String newPassword,
                                @RequestParam(defaultValue = "") String repeatPassword,
                                HttpServletRequest request, Model model) {
        StaffSession staff = StaffGate.signedIn(request);
        if (!newPassword.equals(repeatPassword)) {
            return passwordProblem("admin.password.mismatch", null);
        }
        try {
            api.changePassword(staff, currentPassword, newPassword);
        } catch (AdminApiRefused refused) {
            return passwordProblem("admin.apiSaid", refused.message());
        }
        request.getSession().setAttribute(StaffSession.ATTRIBUTE, staff.passwordChanged());
        return new ModelAndView("redirect:/admin?passwordChanged");
    }

    private static ModelAndView passwordProblem(String key, String apiWords) {
        ModelAndView page = new ModelAndView("admin/password", HttpStatus.UNPROCESSABLE_ENTITY);
        page.addObject("passwordError", key);
        page.addObject("apiWords", apiWords);
        return page;
    }

    private static Duration idleFor(StaffSession staff) {
        if (staff.expiresAt() == null) {
            return STAFF_IDLE;
        }
        Duration left = Duration.between(Instant.now(), staff.expiresAt());
        return left.isNegative() || left.compareTo(STAFF_IDLE) > 0 ? STAFF_IDLE : left.plusMinutes(1);
    }
}
