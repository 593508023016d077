package com.dhakacart.api.staff;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.audit.AuditLog;
import com.dhakacart.api.ratelimit.LoginLimits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Logging staff in and out, their passwords, and the owner's management of accounts. Every change writes
 * its audit entry in its own transaction.
 */
@Service
public class StaffAccounts {

    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 200;

    private final StaffMembers members;
    private final StaffSessions sessions;
    private final PasswordHashing passwords;
    private final LoginLimits limits;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    StaffAccounts(StaffMembers members, StaffSessions sessions, PasswordHashing passwords, LoginLimits limits,
                  AuditLog audit, TransactionTemplate transaction) {
        this.members = members;
        this.sessions = sessions;
        this.passwords = passwords;
        this.limits = limits;
        this.audit = audit;
        this.transaction = transaction;
    }

    /** A successful log-in: the new session and who opened it. */
    public record LoggedIn(StaffSessions.Opened session, StaffMember member) {
    }

    /** A new account and the one-time password it must change at first log-in (shown once, never stored). */
    public record Created(StaffMember member, String oneTimePassword) {
    }

    /**
     * Logs in, or throws: {@code TooManyRequests} while the email or address is locked out, else
     * {@link StaffRejected} WRONG_CREDENTIALS, the same for an unknown email, a disabled account and a wrong
     * password (and after the same Argon2 work), so the answer tells a guesser nothing.
     */
    public LoggedIn logIn(String email, String password, String clientAddress) {
        limits.refuseIfLockedOut(email, clientAddress);
        Optional<StaffMembers.WithHash> found = members.byEmail(email);
        boolean right;
        if (found.isEmpty()) {
            passwords.matchesNothing(password);
            right = false;
        } else {
            right = passwords.matches(password, found.get().passwordHash()) && !found.get().member().disabled();
        }
        if (!right) {
            limits.failed(email, clientAddress);
            throw new StaffRejected(StaffRejected.Reason.WRONG_CREDENTIALS, "Wrong email or password");
        }
        StaffMember member = found.get().member();
        return transaction.execute(status -> {
            StaffSessions.Opened opened = sessions.open(member.id(), clientAddress);
            audit.record(actor(member, clientAddress), "staff.login", "staff", String.valueOf(member.id()), null, null,
                    null);
            return new LoggedIn(opened, member);
        });
    }

    public void logOut(StaffSessions.Current current) {
        sessions.revoke(current.tokenHash());
    }

    /**
     * Changes the caller's own password: the current one must be right, the new one 12 to 200 characters
     * and different. Every other session of the account ends; this one stays, now with the account's role.
     */
    public void changePassword(StaffSessions.Current current, String currentPassword, String newPassword,
                               String clientAddress) {
        StaffMembers.WithHash account = members.byIdWithHash(current.member().id())
                .orElseThrow(() -> new StaffRejected(StaffRejected.Reason.UNKNOWN_STAFF, "No such staff member"));
        if (!passwords.matches(currentPassword, account.passwordHash())) {
            throw new StaffRejected(StaffRejected.Reason.INVALID, "current_password", "is not your current password");
        }
        if (newPassword.length() < MIN_PASSWORD || newPassword.length() > MAX_PASSWORD) {
            throw new StaffRejected(StaffRejected.Reason.INVALID, "new_password",
                    "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (newPassword.equals(currentPassword)) {
            throw new StaffRejected(StaffRejected.Reason.INVALID, "new_password", "must differ from the current one");
        }
        String hash = passwords.hash(newPassword);
        transaction.executeWithoutResult(status -> {
            members.setPassword(account.member().id(), hash);
            sessions.revokeAllOf(account.member().id(), current.tokenHash());
            audit.record(actor(account.member(), clientAddress), "staff.password", "staff",
                    String.valueOf(account.member().id()), null, null, null);
        });
    }

    public List<StaffMember> all() {
        return members.all();
    }

    /** A new account with a one-time password; EMAIL_TAKEN when the email (in any case) already has one. */
    public Created create(Actor actor, String email, String name, Role role) {
        return new Enrolment(members, passwords, audit, transaction).enrol(actor, email, name, role);
    }

    /**
     * Changes an account's role and/or disables or enables it. A disabled account's sessions end at once.
     * The last enabled owner can be neither demoted nor disabled: the shop would have nobody to manage staff.
     */
    public StaffMember update(Actor actor, long id, Role role, Boolean disabled) {
        return transaction.execute(status -> {
            long owners = members.lockActiveOwners();
            StaffMember before = members.lock(id)
                    .orElseThrow(() -> new StaffRejected(StaffRejected.Reason.UNKNOWN_STAFF, "Staff member " + id + " not found"));
            Role newRole = role == null ? before.role() : role;
            boolean newDisabled = disabled == null ? before.disabled() : disabled;
            boolean wasActiveOwner = before.role() == Role.OWNER && !before.disabled();
            boolean staysActiveOwner = newRole == Role.OWNER && !newDisabled;
            if (wasActiveOwner && !staysActiveOwner && owners <= 1) {
                throw new StaffRejected(StaffRejected.Reason.LAST_OWNER,
                        "This is the last owner who can log in; make another owner first");
            }
            members.change(id, newRole, newDisabled);
            if (newDisabled) {
                sessions.revokeAllOf(id, null);
            }
            StaffMember after = new StaffMember(before.id(), before.email(), before.name(), newRole,
                    before.mustChangePassword(), newDisabled, before.createdAt());
            audit.record(actor, "staff.update", "staff", String.valueOf(id), view(before), view(after), null);
            return after;
        });
    }

    /** The audit log's picture of an account. */
    static Map<String, Object> view(StaffMember member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("email", member.email());
        view.put("name", member.name());
        view.put("role", member.role().wire());
        view.put("disabled", member.disabled());
        return view;
    }

    static Actor actor(StaffMember member, String clientAddress) {
        return new Actor(member.id(), member.email(), member.role().wire(), clientAddress);
    }
}
