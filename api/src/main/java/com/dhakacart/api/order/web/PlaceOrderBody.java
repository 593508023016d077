package com.dhakacart.api.order.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/** The original DhakaCart order payload, with the limits that keep bad input out. */
record PlaceOrderBody(
        @NotBlank @Size(max = 100) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String customerName,
        @NotBlank @Size(max = 254) @Email(regexp = "^[^@\\s\\x00]+@[^@\\s\\x00]+\\.[^@\\s\\x00]+$") String customerEmail,
        @NotBlank @ValidPhone String customerPhone,
        @NotBlank @Size(min = 5, max = 500) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String deliveryAddress,
        @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal totalAmount,
        @NotEmpty @Size(max = 50) List<@NotNull @Valid Item> items,
        @Size(max = 20) String paymentMethod) {

    // PostgreSQL cannot store U+0000 in text: refused here as invalid input, never a database error.
    static final String NO_NUL = "[^\\x00]*";
    static final String NUL_MESSAGE = "must not contain NUL characters";

    PlaceOrderBody {
        customerName = customerName == null ? null : customerName.strip();
        customerEmail = customerEmail == null ? null : customerEmail.strip();
        deliveryAddress = deliveryAddress == null ? null : deliveryAddress.strip();
    }

    /** One order line as clients send it. */
    record Item(@NotNull @Positive Long productId,
                @NotNull @Min(1) @Max(100) Integer quantity,
                @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal price) {
    }
}
