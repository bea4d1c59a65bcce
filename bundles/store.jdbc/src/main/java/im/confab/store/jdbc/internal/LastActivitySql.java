package im.confab.store.jdbc.internal;

/** The SQL of last_activity (db/V2__im.sql). */
final class LastActivitySql {
    static final String GET = "SELECT logout_at, status FROM last_activity WHERE username = ?";
    static final String UPDATE = "UPDATE last_activity SET logout_at = ?, status = ? WHERE username = ?";
    /** Inserts only while the account exists: a late logout of a deleted account leaves nothing. */
    static final String INSERT_IF_ACCOUNT = "INSERT INTO last_activity (logout_at, status, username)"
            + " SELECT ?, ?, username FROM accounts WHERE username = ?";
    static final String DELETE_USER = "DELETE FROM last_activity WHERE username = ?";

    private LastActivitySql() {
    }
}
