package com.dhakacart.storefront.backoffice.web;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Times on back-office pages, on the shop's own clock (the API speaks UTC). */
@Component("dhakaTime")
class DhakaTime {

    private static final ZoneId DHAKA = ZoneId.of("Asia/Dhaka");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public String format(OffsetDateTime time) {
        return time == null ? "" : SHOWN.format(time.atZoneSameInstant(DHAKA));
    }
}
