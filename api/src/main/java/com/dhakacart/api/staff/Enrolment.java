package com.dhakacart.api.staff;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.audit.AuditLog;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds a staff account with a one-time password, and its audit entry, in one transaction: for the owner
 * through the admin API ({@link StaffAccounts}) and for the operator's first-owner command, which runs
 * without Spring and so builds this by hand.
 */
public class Enrolment {

    private final StaffMembers members;
    private final PasswordHashing passwords;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    public Enrolment(StaffMembers members, PasswordHashing passwords, AuditLog audit, TransactionTemplate transaction) {
        this.members = members;
        this.passwords = passwords;
        this.audit = audit;
        this.transaction = transaction;
    }

    /** The new account and its one-time password; EMAIL_TAKEN when the email (in any case) already has one. */
    public StaffAccounts.Created enrol(Actor actor, String email, String name, Role role) {
        String oneTime = OneTimePasswords.generate();
        String hash = passwords.hash(oneTime);
        return transaction.execute(status -> {
            StaffMember added = members.add(email, name, role, hash).orElseThrow(() ->
                    new StaffRejected(StaffRejected.Reason.EMAIL_TAKEN, "A staff account with this email already exists"));
            audit.record(actor, "staff.create", "staff", String.valueOf(added.id()), null, StaffAccounts.view(added), null);
            return new StaffAccounts.Created(added, oneTime);
        });
    }
}
