package im.confab.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * A fixed-size pool: at most {@code size} connections, opened lazily, borrowed with a timeout.
 *
 * <p>Why a pool rather than a connection per call: an embedded H2 database is closed when its last connection
 * closes, so per-call connections would reopen the file (lock, recovery) on every call; keeping connections
 * open avoids that. The same code stays right for PostgreSQL, where a connection costs a network round trip and
 * authentication. The fixed size bounds what the database sees when many logins arrive at once, and our own
 * small pool avoids another bundle for a few dozen lines.
 */
final class ConnectionPool implements AutoCloseable {
    /**
     * A connection idle longer than this is checked before it is lent: a database server that restarted or a
     * firewall that dropped the TCP connection then costs a reconnect, not a failed request.
     */
    static final Duration VALIDATE_IDLE_AFTER = Duration.ofSeconds(30);

    /** Work done with a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource source;
    private final int size;
    private final Duration borrowTimeout;
    private final long validateIdleAfterNanos;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A connection given back, and when (System.nanoTime). */
    private record Idle(Connection connection, long since) {
    }

    ConnectionPool(DataSource source, int size, Duration borrowTimeout) {
        this(source, size, borrowTimeout, VALIDATE_IDLE_AFTER);
    }

    ConnectionPool(DataSource source, int size, Duration borrowTimeout, Duration validateIdleAfter) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be positive");
        }
        this.source = source;
        this.size = size;
        this.borrowTimeout = borrowTimeout;
        this.validateIdleAfterNanos = validateIdleAfter.toNanos();
        this.permits = new Semaphore(size, true);
    }

    /**
     * Runs work on a borrowed connection and gives it back in auto-commit mode. A connection that fails and is
     * no longer valid afterwards is dropped, so that a restarted database server does not poison the pool.
     */
    <T> T call(Work<T> work) throws SQLException {
        Connection c = borrow();
        boolean broken = false;
        try {
            return work.apply(c);
        } catch (SQLException | RuntimeException e) {
            broken = !valid(c);
            throw e;
        } finally {
            release(c, broken);
        }
    }

    private Connection borrow() throws SQLException {
        try {
            if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("no database connection free within "
                        + borrowTimeout.toMillis() + " ms (all " + size + " in use)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection", e);
        }
        try {
            if (closed) {
                throw new SQLException("the store is closed");
            }
            Connection c = null;
            Idle i;
            while (c == null && (i = idle.pollFirst()) != null) { // most recently used first: warm
                c = i.connection();
                if (System.nanoTime() - i.since() >= validateIdleAfterNanos && !valid(c)) {
                    discard(c);
                    c = null;
                }
            }
            if (c == null) {
                c = source.getConnection();
                open.add(c);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private void release(Connection c, boolean broken) {
        try {
            if (!broken && !closed && !c.getAutoCommit()) {
                c.rollback(); // whatever the work left uncommitted
                c.setAutoCommit(true);
            }
            if (broken || closed) {
                discard(c);
            } else {
                idle.addFirst(new Idle(c, System.nanoTime()));
            }
        } catch (SQLException e) {
            discard(c);
        } finally {
            permits.release();
        }
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void discard(Connection c) {
        open.remove(c);
        try {
            c.close();
        } catch (SQLException ignored) {
            // already unusable; nothing more to release
        }
    }

    /** @return connections open now (idle or borrowed) */
    int openConnections() {
        return open.size();
    }

    /** Closes every connection, borrowed ones included: calls still running fail, later calls are refused. */
    @Override
    public void close() {
        closed = true;
        for (Connection c : Set.copyOf(open)) {
            discard(c);
        }
        idle.clear();
    }
}
