package com.dhakacart.storefront.backoffice.web;

import static com.dhakacart.storefront.backoffice.StaffRole.CATALOG_MANAGER;
import static com.dhakacart.storefront.backoffice.StaffRole.ORDER_HANDLER;
import static com.dhakacart.storefront.backoffice.StaffRole.OWNER;
import static com.dhakacart.storefront.backoffice.StaffRole.SUPPORT;

import com.dhakacart.storefront.backoffice.AdminApi;
import com.dhakacart.storefront.backoffice.AdminApiRefused;
import com.dhakacart.storefront.backoffice.AdminOrder;
import com.dhakacart.storefront.backoffice.OrderFilter;
import com.dhakacart.storefront.backoffice.StaleCancellation;
import com.dhakacart.storefront.catalog.RenderedPages;
import com.dhakacart.storefront.web.Flash;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Orders: the filtered list, one order with its lifecycle buttons, and the bulk cancel of stale COD orders. */
@Controller
class OrderPages {

    static final List<String> STATUSES = List.of("pending", "confirmed", "packed", "shipped", "delivered", "cancelled");

    private final AdminApi api;
    private final RenderedPages catalogPages;

    OrderPages(AdminApi api, RenderedPages catalogPages) {
        this.api = api;
        this.catalogPages = catalogPages;
    }

    @GetMapping("/admin/orders")
    @StaffOnly({OWNER, CATALOG_MANAGER, ORDER_HANDLER, SUPPORT})
    String orders(@RequestParam(required = false) String status, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, @RequestParam(required = false) String phone,
                  @RequestParam(defaultValue = "1") String page, HttpServletRequest request, Model model) {
        String knownStatus = status != null && STATUSES.contains(status) ? status : null;
        LocalDate fromDate = date(from);
        LocalDate toDate = date(to);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("status", knownStatus);
        model.addAttribute("from", fromDate);
        model.addAttribute("to", toDate);
        model.addAttribute("phone", phone);
        try {
            model.addAttribute("orders", api.orders(StaffGate.signedIn(request),
                    new OrderFilter(knownStatus, fromDate, toDate, blankToNull(phone), pageNumber(page))));
        } catch (AdminApiRefused refused) { // e.g. a phone number the API cannot read: say so above the filters
            model.addAttribute("problem", refused.message());
        }
        return "admin/orders";
    }

    @GetMapping("/admin/orders/{id}")
    @StaffOnly({OWNER, CATALOG_MANAGER, ORDER_HANDLER, SUPPORT})
    String order(@PathVariable String id, HttpServletRequest request, Model model) {
        AdminOrder order = api.order(StaffGate.signedIn(request), id);
        model.addAttribute("order", order);
        return "admin/order";
    }

    @PostMapping("/admin/orders/{id}/status")
    @StaffOnly({OWNER, ORDER_HANDLER})
    String move(@PathVariable String id, @RequestParam(defaultValue = "") String status,
                @RequestParam(required = false) String reason, HttpServletRequest request,
                RedirectAttributes redirect) {
        try {
            AdminOrder moved = api.moveOrder(StaffGate.signedIn(request), id, status, reason);
            if ("cancelled".equals(moved.status())) {
                catalogPages.forgetAll(); // the stock went back up: the shop shows it at once
            }
            Flash.notice(redirect, "admin.order.moved", moved.id(), moved.status());
        } catch (AdminApiRefused refused) {
            Flash.error(redirect, "admin.apiSaid", refused.message());
        }
        return "redirect:/admin/orders/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    @GetMapping("/admin/orders/cancel-stale")
    @StaffOnly({OWNER, ORDER_HANDLER})
    String staleForm(Model model) {
        model.addAttribute("minutes", 1440);
        return "admin/cancel-stale";
    }

    /** First a dry run (what would be cancelled), then, with {@code confirm}, the real thing. */
    @PostMapping("/admin/orders/cancel-stale")
    @StaffOnly({OWNER, ORDER_HANDLER})
    String cancelStale(@RequestParam(defaultValue = "") String minutes,
                       @RequestParam(defaultValue = "false") boolean confirm, HttpServletRequest request,
                       Model model) {
        int olderThan;
        try {
            olderThan = Integer.parseInt(minutes.strip());
        } catch (NumberFormatException e) {
            olderThan = -1;
        }
        model.addAttribute("minutes", minutes);
        if (olderThan < 1 || olderThan > 525_600) {
            model.addAttribute("problemKey", "admin.stale.badMinutes");
            return "admin/cancel-stale";
        }
        try {
            StaleCancellation result = api.cancelStale(StaffGate.signedIn(request), olderThan, !confirm);
            if (!result.dryRun() && !result.cancelled().isEmpty()) {
                catalogPages.forgetAll();
            }
            model.addAttribute("result", result);
        } catch (AdminApiRefused refused) {
            model.addAttribute("problem", refused.message());
        }
        return "admin/cancel-stale";
    }

    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static int pageNumber(String page) {
        try {
            return Math.clamp(Integer.parseInt(page.strip()), 1, 100_000);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
