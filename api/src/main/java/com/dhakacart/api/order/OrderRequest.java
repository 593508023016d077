package com.dhakacart.api.order;

import com.dhakacart.kernel.PhoneNumber;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A shopper's order as the domain sees it: who, where, which products in what quantities, and the
 * prices and total the client believes (checked, never trusted).
 */
public record OrderRequest(String customerName, String customerEmail, PhoneNumber customerPhone, String deliveryAddress,
                           BigDecimal claimedTotal, List<Line> lines, String paymentMethod, String idempotencyKey) {

    /** The most of one product a single order may take, over all its lines. */
    public static final int MAX_QUANTITY_PER_PRODUCT = 100;

    /** One product line; {@code claimedPrice} may be null when the client does not send one. */
    public record Line(long productId, int quantity, BigDecimal claimedPrice) {
    }

    /**
     * A fingerprint of what was asked for, so a retry with the same Idempotency-Key but a different
     * order is refused rather than silently answered with the first one.
     */
    String fingerprint() {
        StringBuilder canonical = new StringBuilder()
                .append(customerName).append('\n').append(customerEmail.toLowerCase(java.util.Locale.ROOT)).append('\n')
                .append(customerPhone.e164()).append('\n').append(deliveryAddress).append('\n').append(paymentMethod);
        lines.stream().sorted(java.util.Comparator.comparingLong(Line::productId))
                .forEach(l -> canonical.append('\n').append(l.productId()).append('x').append(l.quantity()));
        return sha256(canonical.toString());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
