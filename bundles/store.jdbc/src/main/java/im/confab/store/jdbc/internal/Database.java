package im.confab.store.jdbc.internal;

import im.confab.api.store.StoreException;
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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import javax.sql.DataSource;

/**
 * The database behind every store of this bundle: the configuration of PID {@code xmpp.store.jdbc}, one
 * connection pool, the schema brought up to date on activation. A service of this bundle only (its package is
 * not exported); the stores take it by static reference, so a configuration change reactivates them all.
 */
// REQUIRE: the database is opened only once conf/xmpp.store.jdbc.cfg has been read (a comment-only file means the
// defaults), never first with the defaults and then again with the operator's URL: nothing may be written to the
// embedded database meant for PostgreSQL in the seconds before FileInstall delivers the configuration.
@Component(configurationPid = Database.PID, service = Database.class,
        configurationPolicy = org.osgi.service.component.annotations.ConfigurationPolicy.REQUIRE)
@Designate(ocd = Database.Config.class)
public final class Database {
    static final String PID = "xmpp.store.jdbc";
    static final Duration BORROW_TIMEOUT = Duration.ofSeconds(10);
    /** Attempts of a transaction that lost a race (see {@link #retryable}). */
    static final int ATTEMPTS = 3;
    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    /**
     * Unique violation (two transactions inserting the same first row for a user, SELECT-then-INSERT),
     * serialization failure and deadlock (H2 reports deadlocks as 40001 too): the work can simply run again.
     */
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01");

    /** Configuration of PID {@code xmpp.store.jdbc}. */
    @ObjectClassDefinition(name = "Confab JDBC store", description = "The database behind accounts, rosters,"
            + " offline messages, private XML, vCards, blocklists and last activity")
    public @interface Config {
        @AttributeDefinition(required = false, description = "JDBC URL: empty for the embedded H2 database"
                + " <data>/db/confab, or jdbc:postgresql://host[:port]/database")
        String url() default "";

        @AttributeDefinition(required = false, description = "Database user")
        String user() default "sa";

        @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Database password")
        String password() default "";

        @AttributeDefinition(min = "1", max = "64", description = "Connections kept open at most")
        int pool_size() default 8;

        @AttributeDefinition(min = "0", description = "Rosters kept in memory at most (0: none; each is read from"
                + " the database whenever it is needed)")
        int roster_cache_size() default 20000;

        @AttributeDefinition(min = "0", description = "Accounts whose login credentials (SCRAM keys, never"
                + " passwords) are kept in memory at most (0: read at every login)")
        int credentials_cache_size() default JdbcAccountStore.DEFAULT_CACHE_SIZE;
    }

    private final ConnectionPool pool;
    private final Dialect dialect;

    @Activate
    public Database(BundleContext bundleContext, Config config) {
        this(StoreSettings.dataDirectory(bundleContext), config);
    }

    Database(Path dataDirectory, Config config) {
        this(StoreSettings.from(dataDirectory, config), BORROW_TIMEOUT);
    }

    Database(StoreSettings settings, Duration borrowTimeout) {
        ConnectionPool p = null;
        try {
            DataSource source = settings.dialect().dataSource(settings.url(), settings.user(), settings.password());
            p = new ConnectionPool(source, settings.poolSize(), borrowTimeout);
            int version = p.call(c -> Migrations.migrate(c, Migrations.load(settings.dialect())));
            LOG.log(Level.INFO, "{0}: {1} (schema version {2}, {3} connections at most)", PID, settings.url(),
                    version, settings.poolSize());
        } catch (SQLException | RuntimeException e) {
            if (p != null) {
                p.close();
            }
            String message = PID + " url: cannot open " + settings.url() + ": " + e.getMessage();
            LOG.log(Level.ERROR, message + "; no store is available");
            throw new IllegalStateException(message, e);
        }
        this.pool = p;
        this.dialect = settings.dialect();
    }

    @Deactivate
    void close() {
        pool.close();
    }

    /** Runs work on a pooled connection in auto-commit mode; SQL errors propagate as they are. */
    <T> T call(ConnectionPool.Work<T> work) throws SQLException {
        return pool.call(work);
    }

    /**
     * Runs work in one transaction, committed before this returns; a transaction that lost a race with another
     * one ({@link #RETRYABLE}) is rolled back and run again, so work must not have effects outside the database.
     */
    <T> T transaction(ConnectionPool.Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return pool.call(c -> {
                    c.setAutoCommit(false);
                    T result = work.apply(c);
                    c.commit();
                    return result; // the pool puts the connection back into auto-commit mode
                });
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || e.getSQLState() == null || !RETRYABLE.contains(e.getSQLState())) {
                    throw e;
                }
                LOG.log(Level.DEBUG, "{0}: transaction retried after {1}", PID, e.getMessage());
            }
        }
    }

    /** {@link #call} for the storage SPIs: failures become StoreException naming what failed. */
    <T> T read(String what, ConnectionPool.Work<T> work) {
        try {
            return call(work);
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    /** {@link #transaction} for the storage SPIs: failures become StoreException naming what failed. */
    <T> T write(String what, ConnectionPool.Work<T> work) {
        try {
            return transaction(work);
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    private static StoreException failed(String what, SQLException e) {
        return new StoreException(PID + ": cannot " + what + ": " + e.getMessage(), e);
    }

    /**
     * A timestamp column value. Microseconds: the finest both databases keep, so that what is read back equals
     * what was written on either.
     */
    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "Database[" + dialect + "]";
    }
}
