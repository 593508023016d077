package com.dhakacart.api.catalog.picture;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Product pictures: {@code publicUrl} ({@code DHAKACART_PUBLIC_URL}, e.g. {@code https://api.dhakacart.com})
 * makes {@code image_url} absolute so a frontend on another origin can show them; {@code directory}
 * ({@code DHAKACART_PICTURES_DIR}) holds pictures added after release, looked up before those in the jar.
 */
@ConfigurationProperties("dhakacart.pictures")
public record PictureSettings(String publicUrl, Path directory) {

    public PictureSettings {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null
                : publicUrl.strip().replaceAll("/+$", "");
        // An empty setting means "none", not the working directory.
        directory = directory == null || directory.toString().isBlank() ? null : directory;
    }
}
