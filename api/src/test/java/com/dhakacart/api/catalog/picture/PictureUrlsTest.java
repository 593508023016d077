package com.dhakacart.api.catalog.picture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PictureUrlsTest {

    @Test
    void pictureUrlsStayRelativeAsTheOriginalApiWithoutAPublicUrl() {
        PictureUrls urls = new PictureUrls(new PictureSettings(null, null));
        assertThat(urls.url("/images/products/miniket-rice-5kg.jpg")).isEqualTo("/images/products/miniket-rice-5kg.jpg");
        assertThat(urls.srcset("/images/products/miniket-rice-5kg.jpg"))
                .isEqualTo("/images/products/miniket-rice-5kg.jpg 320w, /images/products/miniket-rice-5kg-640.jpg 640w");
    }

    @Test
    void aPublicUrlMakesThemAbsoluteSoAFrontendOnAnotherOriginCanShowThem() {
        PictureUrls urls = new PictureUrls(new PictureSettings("https://api.dhakacart.example/", Path.of("")));
        assertThat(urls.url("/images/products/pran-frooto.jpg"))
                .isEqualTo("https://api.dhakacart.example/images/products/pran-frooto.jpg");
        assertThat(urls.srcset("/images/products/pran-frooto.jpg")).isEqualTo(
                "https://api.dhakacart.example/images/products/pran-frooto.jpg 320w, "
                        + "https://api.dhakacart.example/images/products/pran-frooto-640.jpg 640w");
        // Pictures hosted elsewhere, or none, are left alone.
        assertThat(urls.url("https://cdn.example/x.jpg")).isEqualTo("https://cdn.example/x.jpg");
        assertThat(urls.srcset("https://cdn.example/x.jpg")).isNull();
        assertThat(urls.url(null)).isNull();
    }
}
