package im.confab.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The SQL of offline_messages and offline_locks (db/V2__im.sql). */
final class OfflineSql {
    static final String LOCK = "SELECT username FROM offline_locks WHERE username = ? FOR UPDATE";
    static final String INSERT_LOCK = "INSERT INTO offline_locks (username) VALUES (?)";
    static final String COUNT = "SELECT COUNT(*) FROM offline_messages WHERE username = ?";
    static final String INSERT = "INSERT INTO offline_messages (username, stamp, xml) VALUES (?, ?, ?)";
    /** Oldest first: ids grow with every insert. The row limit is set on the statement (setMaxRows). */
    static final String PEEK = "SELECT id, stamp, xml FROM offline_messages WHERE username = ? ORDER BY id";
    static final String DELETE = "DELETE FROM offline_messages WHERE username = ? AND id = ?";
    static final String DELETE_USER = "DELETE FROM offline_messages WHERE username = ?";
    static final String DELETE_USER_LOCK = "DELETE FROM offline_locks WHERE username = ?";

    private OfflineSql() {
    }

    /**
     * Locks the user's row in offline_locks until the transaction ends, inserting it the first time: a
     * concurrent first insert fails with a unique violation and that transaction runs again.
     */
    static void lock(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_LOCK)) {
            ps.setString(1, user);
            ps.executeUpdate();
        }
    }

    static int count(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
