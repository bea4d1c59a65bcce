package im.confab.store.jdbc.internal;

import im.confab.api.auth.AccountStore;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable account store: SCRAM credentials (RFC 5802, RFC 7677) in a JDBC database, by default an embedded
 * H2 file under the data directory. Never sees a password after deriving the credentials from it.
 */
@Component(configurationPid = JdbcAccountStore.PID, service = AccountStore.class)
@Designate(ocd = JdbcAccountStore.Config.class)
public final class JdbcAccountStore implements AccountStore {
    static final String PID = "xmpp.store.jdbc";
    static final Duration BORROW_TIMEOUT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(JdbcAccountStore.class.getName());

    /** Configuration of PID {@code xmpp.store.jdbc}. */
    @ObjectClassDefinition(name = "Confab JDBC store", description = "The database behind accounts")
    public @interface Config {
        @AttributeDefinition(required = false, description = "JDBC URL; empty for the embedded H2 database"
                + " <data>/db/confab")
        String url() default "";

        @AttributeDefinition(required = false, description = "Database user")
        String user() default "sa";

        @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Database password")
        String password() default "";

        @AttributeDefinition(min = "1", max = "64", description = "Connections kept open at most")
        int pool_size() default 8;
    }

    private final ConnectionPool pool;

    @Activate
    public JdbcAccountStore(BundleContext bundleContext, Config config) {
        this(StoreSettings.dataDirectory(bundleContext), config);
    }

    JdbcAccountStore(Path dataDirectory, Config config) {
        this(StoreSettings.from(dataDirectory, config), BORROW_TIMEOUT);
    }

    JdbcAccountStore(StoreSettings settings, Duration borrowTimeout) {
        ConnectionPool p = new ConnectionPool(settings.dialect().dataSource(settings.url(), settings.user(),
                settings.password()), settings.poolSize(), borrowTimeout);
        try {
            int version = p.call(c -> Migrations.migrate(c, Migrations.load(settings.dialect())));
            LOG.log(Level.INFO, "{0}: accounts in {1} (schema version {2}, {3} connections at most)", PID,
                    settings.url(), version, settings.poolSize());
        } catch (SQLException | RuntimeException e) {
            p.close();
            String message = PID + " url: cannot open " + settings.url() + ": " + e.getMessage();
            LOG.log(Level.ERROR, message + "; no account store is available");
            throw new IllegalStateException(message, e);
        }
        this.pool = p;
    }

    @Deactivate
    void close() {
        pool.close();
    }

    @Override
    public boolean create(String username, String password) {
        String user = AccountSql.username(username);
        List<ScramCredentials> credentials = AccountSql.derive(password);
        return run("create account " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement(AccountSql.INSERT)) {
                int i = AccountSql.bindCredentials(ps, 1, credentials);
                ps.setObject(i++, OffsetDateTime.now(ZoneOffset.UTC));
                ps.setString(i, user);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (AccountSql.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean changePassword(String username, String password) {
        String user = AccountSql.username(username);
        List<ScramCredentials> credentials = AccountSql.derive(password);
        return run("change the password of " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement(AccountSql.UPDATE)) {
                int i = AccountSql.bindCredentials(ps, 1, credentials);
                ps.setString(i, user);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean delete(String username) {
        Optional<String> user = AccountSql.lookupName(username);
        return user.isPresent() && run("delete account " + user.get(), c -> {
            try (PreparedStatement ps = c.prepareStatement(AccountSql.DELETE)) {
                ps.setString(1, user.get());
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean exists(String username) {
        Optional<String> user = AccountSql.lookupName(username);
        return user.isPresent() && run("look up account " + user.get(), c -> {
            try (PreparedStatement ps = c.prepareStatement(AccountSql.EXISTS)) {
                ps.setString(1, user.get());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public Optional<ScramCredentials> credentials(String username, ScramAlgorithm algorithm) {
        Optional<String> user = AccountSql.lookupName(username);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        return run("read the credentials of " + user.get(), c -> {
            try (PreparedStatement ps = c.prepareStatement(AccountSql.select(algorithm))) {
                ps.setString(1, user.get());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? AccountSql.credentials(rs, algorithm) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<String> usernames() {
        return run("list accounts", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(AccountSql.USERNAMES);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            out.sort(null); // in Java: database collations differ (H2 by code point, PostgreSQL by locale)
            return List.copyOf(out);
        });
    }

    private <T> T run(String what, ConnectionPool.Work<T> work) {
        try {
            return pool.call(work);
        } catch (SQLException e) {
            throw new IllegalStateException(PID + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
