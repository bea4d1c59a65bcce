package im.confab.store.jdbc.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
