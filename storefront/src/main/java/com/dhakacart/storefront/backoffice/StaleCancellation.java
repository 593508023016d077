package com.dhakacart.storefront.backoffice;

import java.util.List;

/** The bulk cancel of old unconfirmed cash-on-delivery orders: which orders, how many units go back. */
public record StaleCancellation(List<String> cancelled, int restockedUnits, boolean dryRun) {
}
