package im.confab.store.jdbc.internal;

import im.confab.api.auth.AccountListener;
import im.confab.api.auth.AccountStore;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The durable account store: SCRAM credentials (RFC 5802, RFC 7677) in the JDBC database, by default an embedded
 * H2 file under the data directory. Never sees a password after deriving the credentials from it.
 */
@Component(service = AccountStore.class, configurationPid = Database.PID) // credentials.cache.size
public final class JdbcAccountStore implements AccountStore {
    /** Accounts whose credentials are kept at most, unless {@code credentials.cache.size} says otherwise. */
    static final int DEFAULT_CACHE_SIZE = 20000;
    private static final System.Logger LOG = System.getLogger(JdbcAccountStore.class.getName());
    private final Database db;
    private final List<AccountListener> listeners = new CopyOnWriteArrayList<>();
    /** Credentials read recently, per algorithm: a login reads them once per SASL exchange. */
    private final Map<ScramAlgorithm, ReadCache<ScramCredentials>> cache = new EnumMap<>(ScramAlgorithm.class);

    @Activate
    public JdbcAccountStore(@Reference Database db, Database.Config config) {
        this(db, config.credentials_cache_size());
    }

    /** With the default cache size. */
    JdbcAccountStore(Database db) {
        this(db, DEFAULT_CACHE_SIZE);
    }

    JdbcAccountStore(Database db, int cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException(Database.PID + ": credentials.cache.size must not be negative, was "
                    + cacheSize);
        }
        this.db = db;
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            cache.put(a, new ReadCache<>(cacheSize));
        }
    }

    /** After a write to the user's credentials or account (committed or not): see {@link ReadCache}. */
    private void invalidate(String user) {
        cache.values().forEach(c -> c.invalidate(user));
    }

    @Override
    public boolean create(String username, String password) {
        String user = AccountSql.username(username);
        List<ScramCredentials> credentials = AccountSql.derive(password);
        try {
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
        } finally {
            invalidate(user);
        }
    }

    @Override
    public boolean changePassword(String username, String password) {
        String user = AccountSql.username(username);
        List<ScramCredentials> credentials = AccountSql.derive(password);
        try {
            return run("change the password of " + user, c -> {
                try (PreparedStatement ps = c.prepareStatement(AccountSql.UPDATE)) {
                    int i = AccountSql.bindCredentials(ps, 1, credentials);
                    ps.setString(i, user);
                    return ps.executeUpdate() > 0;
                }
            });
        } finally {
            invalidate(user); // after the commit: a login from now on sees the new password only
        }
    }

    @Override
    public boolean delete(String username) {
        Optional<String> user = AccountSql.lookupName(username);
        if (user.isEmpty()) {
            return false;
        }
        String u = user.get();
        boolean deleted;
        try {
            deleted = db.transaction(c -> { // all or nothing: no account without its data, no data left behind
                try (PreparedStatement ps = c.prepareStatement(AccountSql.DELETE)) {
                    ps.setString(1, u);
                    if (ps.executeUpdate() == 0) {
                        return false;
                    }
                }
                for (String sql : AccountSql.DELETE_DATA) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, u);
                        ps.executeUpdate();
                    }
                }
                return true;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(Database.PID + ": cannot delete account " + u + ": " + e.getMessage(), e);
        } finally {
            invalidate(u);
        }
        if (deleted) {
            for (AccountListener l : listeners) {
                try {
                    l.accountDeleted(u);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "an account listener failed on the deletion of " + u, e);
                }
            }
        }
        return deleted;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(AccountListener l) {
        listeners.add(l);
    }

    void removeListener(AccountListener l) {
        listeners.remove(l);
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
        ReadCache<ScramCredentials> known = cache.get(algorithm);
        ScramCredentials cached = known.get(user.get());
        if (cached != null) {
            return Optional.of(cached);
        }
        long seen = known.beforeRead();
        Optional<ScramCredentials> read = run("read the credentials of " + user.get(), c -> {
            try (PreparedStatement ps = c.prepareStatement(AccountSql.select(algorithm))) {
                ps.setString(1, user.get());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? AccountSql.credentials(rs, algorithm) : Optional.empty();
                }
            }
        });
        read.ifPresent(cr -> known.offer(user.get(), cr, seen)); // unknown users are not kept: no growth by probing
        return read;
    }

    @Override
    public ScramCredentials cachedCredentials(String username, ScramAlgorithm algorithm) {
        Optional<String> user = AccountSql.lookupName(username);
        return user.isEmpty() ? null : cache.get(algorithm).get(user.get());
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
            return db.call(work);
        } catch (SQLException e) {
            throw new IllegalStateException(Database.PID + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
