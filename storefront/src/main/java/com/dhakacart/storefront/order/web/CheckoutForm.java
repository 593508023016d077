package com.dhakacart.storefront.order.web;

import com.dhakacart.storefront.order.CustomerDetails;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The checkout form as typed. The limits match what the API accepts, so a shopper learns about a
 * mistake next to the field instead of from a refused order. {@code checkoutKey} is the order's
 * Idempotency-Key, fixed when the form is shown so that submitting it twice places one order.
 */
public class CheckoutForm {

    @NotBlank(message = "{checkout.name.required}")
    @Size(max = 100, message = "{checkout.name.tooLong}")
    private String name;

    @NotBlank(message = "{checkout.phone.required}")
    private String phone; // any valid number, checked with the API's rules in CheckoutController

    @NotBlank(message = "{checkout.email.required}")
    @Email(message = "{checkout.email.invalid}")
    @Size(max = 254, message = "{checkout.email.invalid}")
    private String email;

    @NotBlank(message = "{checkout.address.required}")
    @Size(min = 5, max = 500, message = "{checkout.address.tooLong}")
    private String address;

    @Pattern(regexp = "^[A-Za-z0-9-]{16,64}$")
    private String checkoutKey;

    CustomerDetails details() {
        return new CustomerDetails(name, phone, email, address);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPhone() {
        return phone;
    }

    public void setPhone(String phone) {
        // Sent as written (the API keeps it for display and compares numbers in E.164).
        this.phone = phone == null ? null : phone.strip();
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getCheckoutKey() {
        return checkoutKey;
    }

    public void setCheckoutKey(String checkoutKey) {
        this.checkoutKey = checkoutKey;
    }
}
