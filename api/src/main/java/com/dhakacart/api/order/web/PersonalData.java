package com.dhakacart.api.order.web;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Masks a customer's personal data for answers to a look-up by phone number: whoever knows an order number
 * and a phone number learns that the order exists and where it stands, not who ordered it or where it
 * goes. The customer recognises their own order ({@code 017•••••678}, {@code R*** U***}).
 */
final class PersonalData {

    private static final char HIDDEN = '•';

    private PersonalData() {
    }

    /** Every digit but the first three and the last three hidden; separators kept as written. */
    static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        long digits = phone.chars().filter(Character::isDigit).count();
        StringBuilder out = new StringBuilder();
        int seen = 0;
        for (char c : phone.toCharArray()) {
            if (Character.isDigit(c)) {
                seen++;
                out.append(seen <= 3 || seen > digits - 3 ? c : HIDDEN);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The first letter of each word: {@code Rahim Uddin} becomes {@code R*** U***}. */
    static String name(String name) {
        if (name == null) {
            return null;
        }
        return Arrays.stream(name.strip().split("\\s+")).filter(w -> !w.isEmpty())
                .map(w -> w.substring(0, w.offsetByCodePoints(0, 1)) + "***").collect(Collectors.joining(" "));
    }

    /** {@code rahim@example.com} becomes {@code r***@e***.com}. */
    static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        int dot = email.lastIndexOf('.');
        if (at <= 0 || dot < at + 2) {
            return "***";
        }
        return email.charAt(0) + "***@" + email.charAt(at + 1) + "***" + email.substring(dot);
    }

    /** Only the last part (the city or area) stays: {@code House 12, Road 5, Dhanmondi, Dhaka} → {@code ***, Dhaka}. */
    static String address(String address) {
        if (address == null) {
            return null;
        }
        int comma = address.lastIndexOf(',');
        return comma < 0 ? "***" : "***," + address.substring(comma + 1);
    }
}
