package com.dhakacart.api.staff.cli;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.audit.AuditLog;
import com.dhakacart.api.config.DatabaseUrl;
import com.dhakacart.api.staff.Enrolment;
import com.dhakacart.api.staff.PasswordHashing;
import com.dhakacart.api.staff.Role;
import com.dhakacart.api.staff.StaffAccounts;
import com.dhakacart.api.staff.StaffMembers;
import com.dhakacart.api.staff.StaffRejected;
import tools.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code staff add --email E --name N --role R}: creates a staff account (the shop's first owner) and prints
 * its one-time password once; the account must change it at first log-in. Runs before (and without)
 * Spring's web server, against the database the API itself uses (DATABASE_URL, DATABASE_USER,
 * DATABASE_PASSWORD), bringing its schema up to date first as the API would on start.
 * Exit codes: 0 created, 1 refused or failed (one line on stderr), 2 wrong usage.
 */
public final class StaffCommand {

    static final String USAGE = "usage: staff add --email EMAIL --name NAME --role owner|catalog_manager|order_handler|support";

    private StaffCommand() {
    }

    public static int run(String[] args, Function<String, String> env, PrintWriter out, PrintWriter err) {
        try {
            return add(args, env, out, err);
        } catch (RuntimeException e) {
            err.println("staff add failed: " + oneLine(e) + " (check DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD)");
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int add(String[] args, Function<String, String> env, PrintWriter out, PrintWriter err) {
        if (args.length < 2 || !"staff".equals(args[0]) || !"add".equals(args[1])) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            String name;
            String value;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(2, arg.indexOf('='));
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                name = arg.substring(2);
                value = args[++i];
            } else {
                err.println("staff add: unexpected '" + arg + "'; " + USAGE);
                return 2;
            }
            if (!java.util.Set.of("email", "name", "role").contains(name)) {
                err.println("staff add: unknown option --" + name + "; " + USAGE);
                return 2;
            }
            options.put(name, value.strip());
        }
        String email = options.get("email");
        String name = options.get("name");
        String roleName = options.getOrDefault("role", "owner");
        if (email == null || email.indexOf('@') <= 0 || email.length() > 254 || email.chars().anyMatch(Character::isWhitespace)) {
            err.println("staff add: --email must be an email address; " + USAGE);
            return 2;
        }
        if (name == null || name.isEmpty() || name.length() > 200) {
            err.println("staff add: --name must be 1 to 200 characters; " + USAGE);
            return 2;
        }
        Role role = Role.fromWire(roleName).orElse(null);
        if (role == null) {
            err.println("staff add: --role must be one of owner, catalog_manager, order_handler, support");
            return 2;
        }

        DatabaseUrl database = DatabaseUrl.fromEnvironment(env);
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), database.jdbcUrl(),
                database.user(), database.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Enrolment enrolment = new Enrolment(new StaffMembers(jdbc), new PasswordHashing(),
                new AuditLog(jdbc, JsonMapper.builder().findAndAddModules().build()),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        StaffAccounts.Created created;
        try {
            created = enrolment.enrol(Actor.commandLine(), email, name, role);
        } catch (StaffRejected taken) {
            err.println("staff add: " + email + " already has a staff account; pick another email, or ask an owner"
                    + " to change that account in the back office");
            return 1;
        }
        out.println("Created " + role.wire() + " " + created.member().email() + " (staff id " + created.member().id() + ").");
        out.println("One-time password (shown only now; it must be changed at the first log-in):");
        out.println(created.oneTimePassword());
        return 0;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
