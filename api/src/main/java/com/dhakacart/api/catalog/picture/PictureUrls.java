package com.dhakacart.api.catalog.picture;

import org.springframework.stereotype.Component;

/**
 * The addresses clients use for a product's stored picture path: absolute under {@code DHAKACART_PUBLIC_URL}
 * when set (relative, as the original API, otherwise), and a {@code srcset} naming the 640 px version that
 * every picture the shop serves has beside its 320 px one ({@code x.jpg}, {@code x-640.jpg}).
 */
@Component
public class PictureUrls {

    static final String PATH = "/images/products/";

    private final String publicUrl;

    PictureUrls(PictureSettings settings) {
        this.publicUrl = settings.publicUrl();
    }

    public String url(String stored) {
        if (stored == null || !stored.startsWith("/")) {
            return stored; // absent, or already absolute (a picture hosted elsewhere)
        }
        return publicUrl == null ? stored : publicUrl + stored;
    }

    /** {@code "… 320w, … 640w"} for pictures this API serves; null for others. */
    public String srcset(String stored) {
        // Uploaded pictures come in one width only.
        if (stored == null || !stored.startsWith(PATH) || !stored.endsWith(".jpg")
                || stored.startsWith(PATH + UploadedPictures.PREFIX)) {
            return null;
        }
        String large = stored.substring(0, stored.length() - ".jpg".length()) + "-640.jpg";
        return url(stored) + " 320w, " + url(large) + " 640w";
    }
}
