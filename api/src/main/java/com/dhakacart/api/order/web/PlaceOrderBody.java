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
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/** The original DhakaCart order payload, with the limits that keep bad input out. */
record PlaceOrderBody(
        @NotBlank @Size(max = 100) String customerName,
        @NotBlank @Size(max = 254) @Email(regexp = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$") String customerEmail,
        @NotBlank @ValidPhone String customerPhone,
        @NotBlank @Size(min = 5, max = 500) String deliveryAddress,
        @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal totalAmount,
        @NotEmpty @Size(max = 50) List<@NotNull @Valid Item> items,
        @Size(max = 20) String paymentMethod) {

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
