package im.confab.store.jdbc.internal;

/** The SQL of blocklist_items (db/V2__im.sql). */
final class BlockingSql {
    static final String ITEMS = "SELECT jid FROM blocklist_items WHERE username = ?";
    static final String INSERT = "INSERT INTO blocklist_items (username, jid) VALUES (?, ?)";
    static final String DELETE = "DELETE FROM blocklist_items WHERE username = ? AND jid = ?";
    static final String DELETE_USER = "DELETE FROM blocklist_items WHERE username = ?";

    private BlockingSql() {
    }
}
