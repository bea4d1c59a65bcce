package im.confab.store.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseTest {
    private static int versions(Database db) throws SQLException {
        return db.call(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM roster_versions");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static void insertVersion(java.sql.Connection c, String user) throws SQLException {
        RosterSql.nextVersion(c, user, 0);
    }

    @EachDatabase
    void aTransactionThatLostARaceRunsAgainAndOnlyItsLastRunCounts(TestDatabase t) throws Exception {
        Database db = t.open();
        AtomicInteger runs = new AtomicInteger();
        String result = db.transaction(c -> {
            insertVersion(c, "run" + runs.incrementAndGet());
            if (runs.get() == 1) {
                throw new SQLException("simulated duplicate", "23505");
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(2, runs.get());
        assertEquals(1, versions(db)); // the first run was rolled back
    }

    @EachDatabase
    void otherFailuresRollBackAndAreNotRetried(TestDatabase t) throws Exception {
        Database db = t.open();
        AtomicInteger runs = new AtomicInteger();
        SQLException e = assertThrows(SQLException.class, () -> db.transaction(c -> {
            runs.incrementAndGet();
            insertVersion(c, "alice");
            throw new SQLException("simulated", "42000");
        }));
        assertEquals("simulated", e.getMessage());
        assertEquals(1, runs.get());
        assertEquals(0, versions(db));
        // A retryable failure that persists gives up after ATTEMPTS runs.
        AtomicInteger tries = new AtomicInteger();
        assertThrows(SQLException.class, () -> db.transaction(c -> {
            tries.incrementAndGet();
            throw new SQLException("always", "40001");
        }));
        assertEquals(Database.ATTEMPTS, tries.get());
        assertTrue(db.<Boolean>call(c -> c.getAutoCommit())); // connections go back in auto-commit mode
    }
}
