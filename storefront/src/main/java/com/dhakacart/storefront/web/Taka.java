package com.dhakacart.storefront.web;

import com.dhakacart.kernel.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.stereotype.Component;

/**
 * Writes amounts the way Bangladeshi shoppers read them: ৳ and lakh grouping, so one lakh is
 * ৳1,00,000 and a crore is ৳1,00,00,000; poisha only when there are any. Templates call it as
 * {@code @taka.format(...)}.
 */
@Component("taka")
public class Taka {

    public String format(Money money) {
        return money == null ? "" : format(money.amount());
    }

    public String format(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        BigDecimal exact = amount.setScale(2, RoundingMode.HALF_UP);
        String sign = exact.signum() < 0 ? "-" : "";
        String plain = exact.abs().toPlainString();
        String whole = plain.substring(0, plain.indexOf('.'));
        String poisha = plain.substring(plain.indexOf('.') + 1);
        StringBuilder grouped = new StringBuilder();
        // The last three digits form the first group; every group before them has two (Indian numbering).
        int firstGroup = Math.max(0, whole.length() - 3);
        grouped.append(whole.substring(firstGroup));
        for (int end = firstGroup; end > 0; end -= 2) {
            grouped.insert(0, ',').insert(0, whole.substring(Math.max(0, end - 2), end));
        }
        return sign + "৳" + grouped + ("00".equals(poisha) ? "" : "." + poisha);
    }
}
