package com.dhakacart.api.order.web;

import com.dhakacart.kernel.PhoneNumber;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A phone number {@link PhoneNumber} accepts: Bangladeshi mobiles and landlines, or international. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidPhone.Check.class)
@interface ValidPhone {

    String message() default PhoneNumber.INVALID;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Blank is left to {@code @NotBlank}, so a missing number gets one error, not two. */
    class Check implements ConstraintValidator<ValidPhone, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isBlank() || PhoneNumber.isValid(value);
        }
    }
}
