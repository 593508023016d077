package com.dhakacart.dr.vault;

import java.io.IOException;

/** The repository was written in a format this version does not read (the first version's). Nothing was changed. */
public class RepositoryFormatUnsupported extends IOException {
    public RepositoryFormatUnsupported(String message) {
        super(message);
    }
}
