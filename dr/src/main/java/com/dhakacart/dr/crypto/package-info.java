/** Sealing backup bytes: zstd, then chunked AES-256-GCM under rotating keys kept outside the repositories. */
package com.dhakacart.dr.crypto;
