package im.confab.store.jdbc.internal;

import im.confab.api.auth.AccountListener;
import im.confab.api.store.LastActivityStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last logout of each user (XEP-0012) in the JDBC database. Logouts are written behind: {@link #set} only notes
 * the logout, and a writer thread commits the logouts of {@link #FLUSH_DELAY_MS} at a time in one transaction, so
 * a wave of logouts costs one commit instead of one each (it was the largest cost of a login and logout in the
 * login benchmark: docs/performance.md). Reads see the noted logouts at once. Deactivation writes what is left;
 * a crash loses at most the logouts of the last {@link #FLUSH_DELAY_MS}. A logout is written only while its
 * account exists, so the late logout of an account just deleted (in-band cancellation) leaves no row behind.
 */
@Component(service = {LastActivityStore.class, AccountListener.class})
public final class JdbcLastActivityStore implements LastActivityStore, AccountListener {
    /** How long a logout waits to be written together with others. */
    static final long FLUSH_DELAY_MS = 100;
    /** After a failed write, the next attempt. */
    static final long RETRY_DELAY_MS = 1000;
    private static final System.Logger LOG = System.getLogger(JdbcLastActivityStore.class.getName());

    private final Database db;
    private final long flushDelayMs;
    /** Logouts noted and not yet committed, by user. */
    private final ConcurrentHashMap<String, Last> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final ScheduledExecutorService writer;

    @Activate
    public JdbcLastActivityStore(@Reference Database db) {
        this(db, FLUSH_DELAY_MS);
    }

    /** @param flushDelayMs how long a logout waits; a negative value: only {@link #flush} writes (tests) */
    JdbcLastActivityStore(Database db, long flushDelayMs) {
        this.db = db;
        this.flushDelayMs = flushDelayMs;
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "confab-store-last-activity");
            t.setDaemon(true);
            return t;
        });
        w.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() writes what is left itself
        this.writer = w;
    }

    @Override
    public Optional<Last> last(String user) {
        String u = AccountSql.username(user);
        Last noted = pending.get(u);
        if (noted != null) {
            return Optional.of(noted);
        }
        return db.read("read the last activity of " + u, c -> {
            try (PreparedStatement ps = c.prepareStatement(LastActivitySql.GET)) {
                ps.setString(1, u);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Last>empty();
                    }
                    return Optional.of(new Last(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getString(2)));
                }
            }
        });
    }

    /** Notes the logout; it is committed within {@link #FLUSH_DELAY_MS}. Does not block. */
    @Override
    public void set(String user, Instant at, String status) {
        String u = AccountSql.username(user);
        // as the database will hold it (microseconds), so that a read answers the same before and after the write
        Instant stored = Database.timestamp(Objects.requireNonNull(at, "at")).toInstant();
        pending.put(u, new Last(stored, status));
        queueFlush(flushDelayMs);
    }

    private void queueFlush(long delayMs) {
        if (delayMs >= 0 && flushQueued.compareAndSet(false, true)) {
            try {
                writer.schedule(this::flushQueued, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) { // close() writes what is left
                flushQueued.set(false);
            }
        }
    }

    private void flushQueued() {
        flushQueued.set(false); // first: a logout noted from now on queues the next flush
        if (!flush()) {
            queueFlush(RETRY_DELAY_MS);
        }
    }

    /**
     * Commits the logouts noted so far in one transaction. A logout noted again meanwhile stays for the next one.
     *
     * @return false if the write failed (the logouts stay noted, and are tried again)
     */
    synchronized boolean flush() {
        if (pending.isEmpty()) {
            return true;
        }
        Map<String, Last> batch = new HashMap<>(pending);
        try {
            db.write("record the last activity of " + batch.size() + " user(s)", c -> {
                try (PreparedStatement update = c.prepareStatement(LastActivitySql.UPDATE);
                     PreparedStatement insert = c.prepareStatement(LastActivitySql.INSERT_IF_ACCOUNT)) {
                    for (Map.Entry<String, Last> e : batch.entrySet()) {
                        OffsetDateTime when = Database.timestamp(e.getValue().at());
                        update.setObject(1, when);
                        update.setString(2, e.getValue().status());
                        update.setString(3, e.getKey());
                        if (update.executeUpdate() == 0) {
                            insert.setObject(1, when);
                            insert.setString(2, e.getValue().status());
                            insert.setString(3, e.getKey());
                            insert.executeUpdate();
                        }
                    }
                }
                return null;
            });
        } catch (RuntimeException e) { // StoreException above all; nothing must escape onto the writer thread
            LOG.log(Level.WARNING, "recording the last activity of " + batch.size() + " user(s) failed; trying"
                    + " again in " + RETRY_DELAY_MS + " ms", e);
            return false;
        }
        batch.forEach(pending::remove); // only the entries still as written
        return true;
    }

    @Override
    public void deleteUser(String user) {
        String u = AccountSql.username(user);
        synchronized (this) { // not between a flush's read of the noted logouts and its commit
            pending.remove(u);
            db.write("delete the last activity of " + u, c -> {
                try (PreparedStatement ps = c.prepareStatement(LastActivitySql.DELETE_USER)) {
                    ps.setString(1, u);
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    /** The account store deleted the account and its rows; a logout noted for it is dropped. */
    @Override
    public void accountDeleted(String user) {
        pending.remove(user);
    }

    /** Writes what is left; logouts noted after this are not written. */
    @Deactivate
    void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the last-activity writer did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!flush()) {
            LOG.log(Level.ERROR, "{0} logout(s) not recorded at shutdown", pending.size());
        }
    }
}
