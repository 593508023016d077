package com.dhakacart.storefront.backoffice.web;

import static com.dhakacart.storefront.backoffice.StaffRole.CATALOG_MANAGER;
import static com.dhakacart.storefront.backoffice.StaffRole.ORDER_HANDLER;
import static com.dhakacart.storefront.backoffice.StaffRole.OWNER;
import static com.dhakacart.storefront.backoffice.StaffRole.SUPPORT;

import com.dhakacart.storefront.backoffice.AdminApi;
import com.dhakacart.storefront.backoffice.AdminApiRefused;
import com.dhakacart.storefront.backoffice.AdminProduct;
import com.dhakacart.storefront.backoffice.ProductChanges;
import com.dhakacart.storefront.catalog.RenderedPages;
import com.dhakacart.storefront.web.Flash;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Products: every one (hidden ones too) with its stock; create; edit name, description, price, category and
 * visibility; adjust stock with a reason; upload a picture. After each successful change the storefront
 * forgets its rendered catalog pages, so shoppers see the new price or stock on their next page.
 */
@Controller
class ProductPages {

    private final AdminApi api;
    private final RenderedPages catalogPages;

    ProductPages(AdminApi api, RenderedPages catalogPages) {
        this.api = api;
        this.catalogPages = catalogPages;
    }

    @GetMapping("/admin/products")
    @StaffOnly({OWNER, CATALOG_MANAGER, ORDER_HANDLER, SUPPORT})
    String products(@RequestParam(required = false) String search, @RequestParam(defaultValue = "1") String page,
                    HttpServletRequest request, Model model) {
        model.addAttribute("search", search);
        model.addAttribute("products", api.products(StaffGate.signedIn(request), OrderPages.blankToNull(search),
                OrderPages.pageNumber(page)));
        return "admin/products";
    }

    @GetMapping("/admin/products/new")
    @StaffOnly({OWNER, CATALOG_MANAGER})
    String newProduct() {
        return "admin/product-new";
    }

    @PostMapping("/admin/products")
    @StaffOnly({OWNER, CATALOG_MANAGER})
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
                  @RequestParam(defaultValue = "") String price, @RequestParam(defaultValue = "") String category,
                  @RequestParam(defaultValue = "0") String stock, @RequestParam(defaultValue = "false") boolean hidden,
                  HttpServletRequest request, RedirectAttributes redirect) {
        BigDecimal amount = money(price);
        Integer units = integer(stock);
        if (amount == null || units == null) {
            Flash.error(redirect, "admin.product.badNumber");
            return "redirect:/admin/products/new";
        }
        try {
            AdminProduct created = api.createProduct(StaffGate.signedIn(request),
                    new ProductChanges(name, description, amount, category, hidden), units);
            catalogPages.forgetAll();
            Flash.notice(redirect, "admin.product.saved", created.name());
            return "redirect:/admin/products/" + created.id();
        } catch (AdminApiRefused refused) {
            Flash.error(redirect, "admin.apiSaid", refused.message());
            return "redirect:/admin/products/new";
        }
    }

    @GetMapping("/admin/products/{id}")
    @StaffOnly({OWNER, CATALOG_MANAGER})
    String product(@PathVariable long id, HttpServletRequest request, Model model) {
        model.addAttribute("product", api.product(StaffGate.signedIn(request), id));
        return "admin/product";
    }

    @PostMapping("/admin/products/{id}")
    @StaffOnly({OWNER, CATALOG_MANAGER})
    String update(@PathVariable long id, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String price,
                  @RequestParam(defaultValue = "") String category,
                  @RequestParam(defaultValue = "false") boolean hidden, HttpServletRequest request,
                  RedirectAttributes redirect) {
        BigDecimal amount = money(price);
        if (amount == null) {
            Flash.error(redirect, "admin.product.badNumber");
            return "redirect:/admin/products/" + id;
        }
        try {
            AdminProduct saved = api.updateProduct(StaffGate.signedIn(request), id,
                    new ProductChanges(name, description, amount, category, hidden));
            catalogPages.forgetAll();
            Flash.notice(redirect, "admin.product.saved", saved.name());
        } catch (AdminApiRefused refused) {
            Flash.error(redirect, "admin.apiSaid", refused.message());
        }
        return "redirect:/admin/products/" + id;
    }

    @PostMapping("/admin/products/{id}/stock")
    @StaffOnly({OWNER, CATALOG_MANAGER})
    String adjustStock(@PathVariable long id, @RequestParam(defaultValue = "") String delta,
                       @RequestParam(defaultValue = "") String reason, HttpServletRequest request,
                       RedirectAttributes redirect) {
        Integer units = integer(delta);
        if (units == null || units == 0) {
            Flash.error(redirect, "admin.product.badNumber");
            return "redirect:/admin/products/" + id;
        }
        try {
            AdminProduct saved = api.adjustStock(StaffGate.signedIn(request), id, units, reason);
            catalogPages.forgetAll();
            Flash.notice(redirect, "admin.product.stockNow", saved.name(), saved.stock());
        } catch (AdminApiRefused refused) {
            Flash.error(redirect, "admin.apiSaid", refused.message());
        }
        return "redirect:/admin/products/" + id;
    }

    @PostMapping("/admin/products/{id}/picture")
    @StaffOnly({OWNER, CATALOG_MANAGER})
    String uploadPicture(@PathVariable long id, @RequestParam(required = false) MultipartFile picture,
                         HttpServletRequest request, RedirectAttributes redirect) throws IOException {
        if (picture == null || picture.isEmpty()) {
            Flash.error(redirect, "admin.product.noPicture");
            return "redirect:/admin/products/" + id;
        }
        try {
            AdminProduct saved = api.uploadPicture(StaffGate.signedIn(request), id, picture.getOriginalFilename(),
                    picture.getContentType(), picture.getBytes());
            catalogPages.forgetAll();
            Flash.notice(redirect, "admin.product.saved", saved.name());
        } catch (AdminApiRefused refused) {
            Flash.error(redirect, "admin.apiSaid", refused.message());
        }
        return "redirect:/admin/products/" + id;
    }

    private static BigDecimal money(String text) {
        try {
            BigDecimal amount = new BigDecimal(text.strip().replace(",", "").replace("৳", ""));
            return amount.scale() > 2 || amount.abs().compareTo(new BigDecimal("1000000000")) >= 0 ? null : amount;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
