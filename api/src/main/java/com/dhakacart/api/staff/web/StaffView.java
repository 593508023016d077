package com.dhakacart.api.staff.web;

import com.dhakacart.api.staff.StaffMember;
import java.time.OffsetDateTime;

/** A staff account as the admin API shows it. */
record StaffView(long id, String email, String name, String role, boolean mustChangePassword, boolean disabled,
                 OffsetDateTime createdAt) {

    static StaffView of(StaffMember member) {
        return new StaffView(member.id(), member.email(), member.name(), member.role().wire(),
                member.mustChangePassword(), member.disabled(), member.createdAt());
    }
}
