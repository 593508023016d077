/** Product pictures: where they are stored ({@code PictureStore}) and the URLs clients get for them. */
package com.dhakacart.api.catalog.picture;
