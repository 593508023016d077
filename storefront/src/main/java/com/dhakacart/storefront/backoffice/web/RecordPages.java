package com.dhakacart.storefront.backoffice.web;

import static com.dhakacart.storefront.backoffice.StaffRole.CATALOG_MANAGER;
import static com.dhakacart.storefront.backoffice.StaffRole.ORDER_HANDLER;
import static com.dhakacart.storefront.backoffice.StaffRole.OWNER;
import static com.dhakacart.storefront.backoffice.StaffRole.SUPPORT;

import com.dhakacart.storefront.backoffice.AdminApi;
import com.dhakacart.storefront.backoffice.AdminApiRefused;
import com.dhakacart.storefront.backoffice.StaffCreated;
import com.dhakacart.storefront.backoffice.StaffRole;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A customer's orders by phone, the audit log, and (for owners) the staff list and new staff accounts. */
@Controller
class RecordPages {

    private final AdminApi api;

    RecordPages(AdminApi api) {
        this.api = api;
    }

    @GetMapping("/admin/customers")
    @StaffOnly({OWNER, CATALOG_MANAGER, ORDER_HANDLER, SUPPORT})
    String customer(@RequestParam(required = false) String phone, HttpServletRequest request, Model model) {
        model.addAttribute("phone", phone);
        if (phone != null && !phone.isBlank()) {
            try {
                model.addAttribute("orders", api.customerOrders(StaffGate.signedIn(request), phone.strip()));
            } catch (AdminApiRefused refused) {
                model.addAttribute("problem", refused.message());
            }
        }
        return "admin/customers";
    }

    @GetMapping("/admin/audit")
    @StaffOnly({OWNER, CATALOG_MANAGER, ORDER_HANDLER, SUPPORT})
    String audit(@RequestParam(required = false) String targetType, @RequestParam(required = false) String targetId,
                 @RequestParam(defaultValue = "1") String page, HttpServletRequest request, Model model) {
        model.addAttribute("targetType", targetType);
        model.addAttribute("targetId", targetId);
        model.addAttribute("entries", api.audit(StaffGate.signedIn(request), OrderPages.blankToNull(targetType),
                OrderPages.blankToNull(targetId), OrderPages.pageNumber(page)));
        return "admin/audit";
    }

    @GetMapping("/admin/staff")
    @StaffOnly(OWNER)
    String staff(HttpServletRequest request, Model model) {
        model.addAttribute("accounts", api.staff(StaffGate.signedIn(request)));
        model.addAttribute("roles", Arrays.stream(StaffRole.values()).map(StaffRole::apiName).toList());
        return "admin/staff";
    }

    /** Shows the new account's one-time password on this response only: it is stored nowhere here. */
    @PostMapping("/admin/staff")
    @StaffOnly(OWNER)
    String createStaff(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String name,
                       @RequestParam(defaultValue = "") String role, HttpServletRequest request, Model model) {
        try {
            StaffCreated created = api.createStaff(StaffGate.signedIn(request), email.strip(), name.strip(), role);
            model.addAttribute("created", created);
        } catch (AdminApiRefused refused) {
            model.addAttribute("problem", refused.message());
            model.addAttribute("email", email);
            model.addAttribute("name", name);
        }
        return staff(request, model);
    }
}
