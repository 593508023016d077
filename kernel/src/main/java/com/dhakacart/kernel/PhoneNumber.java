package com.dhakacart.kernel;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;

/**
 * A customer's phone number: as they wrote it (for display) and in E.164 (for storage and comparison).
 * Numbers without a country code are read as Bangladeshi, so {@code 01712-345678}, {@code 02-9876543}
 * (a Dhaka landline), {@code 031-2523456} (Chattogram) and {@code +44 20 7946 0958} all work; the
 * judgement of what is a real number is Google's libphonenumber metadata, not a regex of ours.
 */
public record PhoneNumber(String asWritten, String e164) {

    private static final PhoneNumberUtil NUMBERS = PhoneNumberUtil.getInstance();
    private static final String HOME_REGION = "BD";
    private static final int MAX_LENGTH = 40;

    /** What a client is told when a number is refused. */
    public static final String INVALID = "must be a valid phone number, such as 01712345678, 02-9876543 or +44 20 7946 0958";

    public PhoneNumber {
        if (asWritten == null || e164 == null) {
            throw new IllegalArgumentException("a phone number needs both forms");
        }
    }

    /** The number, if {@code text} is a valid phone number anywhere (Bangladesh when no country code). */
    public static Optional<PhoneNumber> parse(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String written = text.strip();
        try {
            Phonenumber.PhoneNumber number = NUMBERS.parse(written, HOME_REGION);
            if (!NUMBERS.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(new PhoneNumber(written, NUMBERS.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }
}
