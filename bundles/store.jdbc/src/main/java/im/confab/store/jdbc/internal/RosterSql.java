package im.confab.store.jdbc.internal;

import im.confab.api.jid.Jid;
import im.confab.api.store.RosterStore.Item;
import im.confab.api.store.RosterStore.Subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of roster_versions, roster_items and roster_groups (db/V2__im.sql). Every change runs in one
 * transaction that first locks the user's version row ({@link #lockVersion}), then changes items, then writes
 * the next version.
 */
final class RosterSql {
    static final String LOCK_VERSION = "SELECT version FROM roster_versions WHERE username = ? FOR UPDATE";
    static final String VERSION = "SELECT version FROM roster_versions WHERE username = ?";
    static final String UPDATE_VERSION = "UPDATE roster_versions SET version = ? WHERE username = ?";
    static final String INSERT_VERSION = "INSERT INTO roster_versions (version, username) VALUES (?, ?)";

    private static final String ITEM_COLUMNS = "jid, name, subscription, ask_out, pending_in, pre_approved";
    static final String ITEMS = "SELECT " + ITEM_COLUMNS + " FROM roster_items WHERE username = ?";
    static final String ITEM = ITEMS + " AND jid = ?";
    static final String GROUPS = "SELECT jid, group_name FROM roster_groups WHERE username = ?"
            + " ORDER BY jid, group_order";
    static final String ITEM_GROUPS = "SELECT jid, group_name FROM roster_groups WHERE username = ? AND jid = ?"
            + " ORDER BY group_order";
    static final String UPDATE_ITEM = "UPDATE roster_items SET name = ?, subscription = ?, ask_out = ?,"
            + " pending_in = ?, pre_approved = ? WHERE username = ? AND jid = ?";
    static final String INSERT_ITEM = "INSERT INTO roster_items (name, subscription, ask_out, pending_in,"
            + " pre_approved, username, jid) VALUES (?, ?, ?, ?, ?, ?, ?)";
    static final String DELETE_ITEM = "DELETE FROM roster_items WHERE username = ? AND jid = ?"; // groups cascade
    static final String DELETE_GROUPS = "DELETE FROM roster_groups WHERE username = ? AND jid = ?";
    static final String INSERT_GROUP = "INSERT INTO roster_groups (username, jid, group_order, group_name)"
            + " VALUES (?, ?, ?, ?)";
    static final String SIZE = "SELECT COUNT(*) FROM roster_items WHERE username = ?";
    static final String DELETE_USER_GROUPS = "DELETE FROM roster_groups WHERE username = ?";
    static final String DELETE_USER_ITEMS = "DELETE FROM roster_items WHERE username = ?";
    static final String DELETE_USER_VERSION = "DELETE FROM roster_versions WHERE username = ?";

    private RosterSql() {
    }

    /** @return the version, 0 if the user has none (yet); with {@link #LOCK_VERSION}, locks the row */
    static long version(Connection c, String sql, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Writes the version after {@code current}. A user's first row is inserted: a concurrent first change
     * then fails with a unique violation and its transaction runs again (Database.transaction).
     */
    static long nextVersion(Connection c, String user, long current) throws SQLException {
        long next = current + 1;
        try (PreparedStatement ps = c.prepareStatement(current == 0 ? INSERT_VERSION : UPDATE_VERSION)) {
            ps.setLong(1, next);
            ps.setString(2, user);
            ps.executeUpdate();
        }
        return next;
    }

    /** Inserts or replaces an item and its groups. */
    static void put(Connection c, String user, Item item) throws SQLException {
        String jid = item.jid().toString();
        int updated;
        try (PreparedStatement ps = c.prepareStatement(UPDATE_ITEM)) {
            bindItem(ps, user, item);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
                bindItem(ps, user, item);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(DELETE_GROUPS)) {
                ps.setString(1, user);
                ps.setString(2, jid);
                ps.executeUpdate();
            }
        }
        if (!item.groups().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_GROUP)) {
                int order = 0;
                for (String group : item.groups()) {
                    ps.setString(1, user);
                    ps.setString(2, jid);
                    ps.setInt(3, order++);
                    ps.setString(4, group);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static void bindItem(PreparedStatement ps, String user, Item item) throws SQLException {
        ps.setString(1, item.name());
        ps.setString(2, item.subscription().name());
        ps.setBoolean(3, item.askOut());
        ps.setBoolean(4, item.pendingIn());
        ps.setBoolean(5, item.preApproved());
        ps.setString(6, user);
        ps.setString(7, item.jid().toString());
    }

    /** @return the items of {@link #ITEMS} or {@link #ITEM} (bound by the caller) with their groups */
    static List<Item> items(PreparedStatement items, PreparedStatement groups) throws SQLException {
        Map<String, List<String>> groupsByJid = new HashMap<>();
        try (ResultSet rs = groups.executeQuery()) {
            while (rs.next()) {
                groupsByJid.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        List<Item> out = new ArrayList<>();
        try (ResultSet rs = items.executeQuery()) {
            while (rs.next()) {
                String jid = rs.getString(1);
                out.add(new Item(Jid.parse(jid), rs.getString(2), Subscription.valueOf(rs.getString(3)),
                        rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6),
                        groupsByJid.getOrDefault(jid, List.of())));
            }
        }
        return out;
    }

    static Optional<Item> first(List<Item> items) {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }

    /**
     * @return the contact's bare JID as stored
     * @throws IllegalArgumentException if there is no contact
     */
    static String contact(Jid jid) {
        if (jid == null) {
            throw new IllegalArgumentException("the contact JID is missing");
        }
        return jid.bare().toString();
    }

    /** @throws IllegalArgumentException for an item the schema cannot hold */
    static Item check(Item item) {
        if (item == null || item.jid() == null || item.subscription() == null) {
            throw new IllegalArgumentException("a roster item needs a JID and a subscription");
        }
        if (!item.jid().isBare()) {
            throw new IllegalArgumentException("a roster item's JID must be bare, not " + item.jid());
        }
        if (item.groups().stream().distinct().count() != item.groups().size()) {
            throw new IllegalArgumentException("duplicate group in " + item.groups());
        }
        return item;
    }
}
