package com.dhakacart.api.catalog.picture;

import java.util.Optional;

/**
 * Where product pictures live. Today a local directory over the pictures shipped in the jar
 * ({@link LocalPictureStore}); an S3 store for the back office's uploads can stand beside it.
 */
public interface PictureStore {

    /** The picture stored under {@code name} (e.g. {@code miniket-rice-5kg.jpg}), if there is one. */
    Optional<Picture> find(String name);
}
