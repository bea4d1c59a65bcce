package im.confab.store.jdbc.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionPoolTest {
    @TempDir
    Path dir;

    private ConnectionPool pool(int size, Duration timeout) {
        return new ConnectionPool(Dialect.H2.dataSource("jdbc:h2:file:" + dir.resolve("p") + ";WRITE_DELAY=0",
                "sa", ""), size, timeout);
    }

    @Test
    void connectionsAreReusedAndOpenedLazily() throws SQLException {
        try (ConnectionPool p = pool(4, Duration.ofSeconds(1))) {
            assertEquals(0, p.openConnections());
            Connection first = p.call(c -> c);
            Connection second = p.call(c -> c);
            assertSame(first, second);
            assertEquals(1, p.openConnections());
        }
    }

    @Test
    void borrowWaitsThenTimesOutWhenAllAreInUse() throws Exception {
        try (ConnectionPool p = pool(1, Duration.ofMillis(200))) {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
                try {
                    p.call(c -> {
                        held.countDown();
                        try {
                            return release.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(held.await(5, TimeUnit.SECONDS));
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class,
                    () -> p.call(c -> 1));
            assertTrue(e.getMessage().contains("no database connection free"), e.getMessage());
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
            assertEquals(Integer.valueOf(1), p.<Integer>call(c -> 1)); // free again
        }
    }

    @Test
    void uncommittedWorkIsRolledBackOnReturn() throws SQLException {
        try (ConnectionPool p = pool(1, Duration.ofSeconds(1))) {
            p.call(c -> c.createStatement().execute("CREATE TABLE t (x INTEGER)"));
            p.call(c -> {
                c.setAutoCommit(false);
                return c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
            });
            int rows = p.call(c -> {
                assertTrue(c.getAutoCommit());
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(0, rows);
        }
    }

    /** A connection the database ended while it was idle (a server restart, say) is replaced, not lent. */
    @EachDatabase
    void anIdleConnectionThatDiedIsReplaced(TestDatabase db) throws SQLException {
        db.open().close(); // creates the database (PostgreSQL: the test schema)
        StoreSettings s = db.settings(2);
        DataSource source = s.dialect().dataSource(s.url(), s.user(), s.password());
        boolean h2 = db.dialect() == Dialect.H2;
        try (ConnectionPool p = new ConnectionPool(source, 2, Duration.ofSeconds(1), Duration.ZERO)) {
            Connection[] first = new Connection[1];
            long session = p.call(c -> {
                first[0] = c;
                return single(c, h2 ? "SELECT SESSION_ID()" : "SELECT pg_backend_pid()");
            });
            try (Connection other = source.getConnection();
                 PreparedStatement kill = other.prepareStatement(h2 ? "CALL ABORT_SESSION(?)"
                         : "SELECT pg_terminate_backend(?::int)")) {
                kill.setLong(1, session);
                kill.execute();
            }
            Connection second = p.call(c -> {
                assertEquals(1L, single(c, "SELECT 1"));
                return c;
            });
            assertNotSame(first[0], second);
            assertEquals(1, p.openConnections());
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void closedPoolRefusesWork() throws SQLException {
        ConnectionPool p = pool(2, Duration.ofSeconds(1));
        Connection c = p.call(x -> x);
        p.close();
        assertTrue(c.isClosed());
        assertEquals(0, p.openConnections());
        assertThrows(SQLException.class, () -> p.call(x -> 1));
    }
}
