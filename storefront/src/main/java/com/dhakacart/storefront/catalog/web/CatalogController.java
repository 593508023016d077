package com.dhakacart.storefront.catalog.web;

import com.dhakacart.storefront.catalog.CatalogFilter;
import com.dhakacart.storefront.shopapi.Product;
import com.dhakacart.storefront.shopapi.ProductPage;
import com.dhakacart.storefront.shopapi.ShopApi;
import com.dhakacart.storefront.shopapi.ShopperAddress;
import com.dhakacart.storefront.web.ProductNotFound;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The catalog (filter, search, sort, pages) and the product pages. */
@Controller
class CatalogController {

    private final ShopApi api;

    CatalogController(ShopApi api) {
        this.api = api;
    }

    @GetMapping("/")
    String catalog(@RequestParam(required = false) String category,
                   @RequestParam(required = false) String search,
                   @RequestParam(required = false) String sort,
                   @RequestParam(required = false) String page,
                   Model model) {
        CatalogFilter filter = CatalogFilter.of(category, search, sort, page);
        // The two API calls are independent: run them side by side so the page waits for one round trip.
        CompletableFuture<List<String>> categories = CompletableFuture.supplyAsync(ShopperAddress.carried(api::categories),
                Thread::startVirtualThread);
        ProductPage products = api.products(filter.query());
        model.addAttribute("filter", filter);
        model.addAttribute("products", products);
        model.addAttribute("categories", ShopApiCalls.join(categories));
        model.addAttribute("sorts", CatalogFilter.SORTS);
        model.addAttribute("previousPage", products.hasPrevious() ? pageLink(filter, filter.page() - 1) : null);
        model.addAttribute("nextPage", products.hasNext() ? pageLink(filter, filter.page() + 1) : null);
        model.addAttribute("here", pageLink(filter, filter.page()));
        return "catalog";
    }

    @GetMapping("/products/{id}")
    String product(@PathVariable String id, Model model) {
        Product product = api.product(parseId(id)).orElseThrow(() -> new ProductNotFound(id));
        model.addAttribute("product", product);
        return "product";
    }

    private static long parseId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // same answer as an id the shop does not have
        }
        throw new ProductNotFound(id);
    }

    private static String pageLink(CatalogFilter filter, int page) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/");
        if (filter.category() != null) {
            link.queryParam("category", filter.category());
        }
        if (filter.search() != null) {
            link.queryParam("search", filter.search());
        }
        if (filter.sort() != null) {
            link.queryParam("sort", filter.sort());
        }
        if (page > 1) {
            link.queryParam("page", page);
        }
        return link.encode().build().toUriString();
    }
}
