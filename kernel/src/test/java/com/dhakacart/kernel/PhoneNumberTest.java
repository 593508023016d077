package com.dhakacart.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "01712345678       | +8801712345678",
            "017-1234 5678     | +8801712345678",
            "01712-345678      | +8801712345678",
            "+8801912345678    | +8801912345678",
            "8801812345678     | +8801812345678",
            "0088 01312345678  | +8801312345678",
            "02-9876543        | +88029876543",
            "02-55012345       | +880255012345",
            "031-2523456       | +880312523456",
            "+44 20 7946 0958  | +442079460958",
            "+1 (212) 555-0123 | +12125550123",
    })
    void readsNumbersAsBangladeshWritesThemIntoE164(String written, String e164) {
        PhoneNumber number = PhoneNumber.parse(written).orElseThrow(() -> new AssertionError(written + " refused"));
        assertThat(number.e164()).isEqualTo(e164);
        assertThat(number.asWritten()).isEqualTo(written.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "0171234567", "017123456789", "01212345678", "hello", "+999 123", "",
            "0171234567801712345678017123456780171234567801712345678"})
    void refusesWhatIsNotAPhoneNumber(String text) {
        assertThat(PhoneNumber.parse(text)).isEmpty();
        assertThat(PhoneNumber.isValid(text)).isFalse();
    }
}
