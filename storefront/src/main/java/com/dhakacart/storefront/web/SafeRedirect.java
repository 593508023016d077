package com.dhakacart.storefront.web;

/** Where to send the shopper back to after a form, limited to this site's own pages. */
public final class SafeRedirect {

    private SafeRedirect() {
    }

    /** The path when it is local to this site ("/..." but not "//host" or "/\host"), else the fallback. */
    public static String localPath(String path, String fallback) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")
                || path.length() > 500 || path.chars().anyMatch(c -> c < 0x20)) {
            return fallback;
        }
        return path;
    }
}
