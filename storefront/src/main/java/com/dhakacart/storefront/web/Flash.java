package com.dhakacart.storefront.web;

import java.util.List;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A one-line message for the page after a redirect ("added to your cart", "only 3 left"), carried as
 * a message key plus arguments so it shows in the shopper's language.
 */
public record Flash(String kind, String key, List<Object> args) implements java.io.Serializable {

    public static void notice(RedirectAttributes redirect, String key, Object... args) {
        redirect.addFlashAttribute("flash", new Flash("notice", key, List.of(args)));
    }

    public static void error(RedirectAttributes redirect, String key, Object... args) {
        redirect.addFlashAttribute("flash", new Flash("error", key, List.of(args)));
    }

    public Object[] argArray() {
        return args.toArray();
    }
}
