package im.confab.store.jdbc.internal;

import im.confab.api.auth.AccountListener;
import im.confab.api.jid.Jid;
import im.confab.api.store.RosterStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rosters (RFC 6121 section 2) with a version per user (XEP-0237), in the JDBC database, with the rosters read
 * recently kept in a {@link ReadCache}.
 */
@Component(service = {RosterStore.class, AccountListener.class}, configurationPid = Database.PID) // roster.cache.size
public final class JdbcRosterStore implements RosterStore, AccountListener {
    private final Database db;
    private final ReadCache<Roster> cache;

    @Activate
    public JdbcRosterStore(@Reference Database db, Database.Config config) {
        this(db, config.roster_cache_size());
    }

    JdbcRosterStore(Database db, int cacheSize) {
        if (cacheSize < 0) {
            throw new IllegalArgumentException(Database.PID + ": roster.cache.size must not be negative, was "
                    + cacheSize);
        }
        this.db = db;
        this.cache = new ReadCache<>(cacheSize);
    }

    @Override
    public Roster roster(String user) {
        String u = AccountSql.username(user);
        Roster cached = cache.get(u);
        if (cached != null) {
            return cached;
        }
        long seen = cache.beforeRead();
        Roster read = read(u);
        cache.offer(u, read, seen);
        return read;
    }

    /** The account store deleted the rows; the copy in memory goes too. */
    @Override
    public void accountDeleted(String username) {
        cache.invalidate(username);
    }

    @Override
    public Roster cachedRoster(String user) {
        return cache.get(AccountSql.username(user));
    }

    private Roster read(String u) {
        return db.read("read the roster of " + u, c -> {
            // The version first, without a transaction: a change committed between the two reads then shows
            // newer items under an older version, which a client merely fetches again; never the reverse.
            long version = RosterSql.version(c, RosterSql.VERSION, u);
            try (PreparedStatement items = c.prepareStatement(RosterSql.ITEMS);
                 PreparedStatement groups = c.prepareStatement(RosterSql.GROUPS)) {
                items.setString(1, u);
                groups.setString(1, u);
                List<Item> all = RosterSql.items(items, groups);
                // In Java: database collations differ (H2 by code point, PostgreSQL by locale)
                all.sort(Comparator.comparing(i -> i.jid().toString()));
                return new Roster(version, all);
            }
        });
    }

    @Override
    public Optional<Item> item(String user, Jid contact) {
        String u = AccountSql.username(user);
        String jid = RosterSql.contact(contact);
        return db.read("read roster item " + jid + " of " + u, c -> readItem(c, u, jid));
    }

    private static Optional<Item> readItem(java.sql.Connection c, String u, String jid) throws java.sql.SQLException {
        try (PreparedStatement items = c.prepareStatement(RosterSql.ITEM);
             PreparedStatement groups = c.prepareStatement(RosterSql.ITEM_GROUPS)) {
            items.setString(1, u);
            items.setString(2, jid);
            groups.setString(1, u);
            groups.setString(2, jid);
            return RosterSql.first(RosterSql.items(items, groups));
        }
    }

    @Override
    public long put(String user, Item item) {
        String u = AccountSql.username(user);
        Item checked = RosterSql.check(item);
        try {
            return db.write("store roster item " + checked.jid() + " of " + u, c -> {
                long current = RosterSql.version(c, RosterSql.LOCK_VERSION, u);
                RosterSql.put(c, u, checked);
                return RosterSql.nextVersion(c, u, current);
            });
        } finally {
            cache.invalidate(u); // after the commit (or the failure): see ReadCache
        }
    }

    @Override
    public Change update(String user, Jid contact, java.util.function.UnaryOperator<Item> change) {
        String u = AccountSql.username(user);
        String jid = RosterSql.contact(contact);
        try {
            return db.write("update roster item " + jid + " of " + u, c -> {
                long current = RosterSql.version(c, RosterSql.LOCK_VERSION, u); // the user's row lock orders writers
                Item before = readItem(c, u, jid).orElse(null);
                Item after = change.apply(before);
                if (java.util.Objects.equals(before, after)) {
                    return new Change(before, after, current);
                }
                if (after == null) {
                    try (PreparedStatement ps = c.prepareStatement(RosterSql.DELETE_ITEM)) {
                        ps.setString(1, u);
                        ps.setString(2, jid);
                        ps.executeUpdate();
                    }
                } else {
                    RosterSql.put(c, u, RosterSql.check(after));
                }
                return new Change(before, after, RosterSql.nextVersion(c, u, current));
            });
        } finally {
            cache.invalidate(u); // after the commit (or the failure): see ReadCache
        }
    }

    @Override
    public long remove(String user, Jid contact) {
        String u = AccountSql.username(user);
        String jid = RosterSql.contact(contact);
        try {
            return db.write("remove roster item " + jid + " of " + u, c -> {
                long current = RosterSql.version(c, RosterSql.LOCK_VERSION, u);
                try (PreparedStatement ps = c.prepareStatement(RosterSql.DELETE_ITEM)) {
                    ps.setString(1, u);
                    ps.setString(2, jid);
                    return ps.executeUpdate() == 0 ? current : RosterSql.nextVersion(c, u, current);
                }
            });
        } finally {
            cache.invalidate(u); // after the commit (or the failure): see ReadCache
        }
    }

    @Override
    public int size(String user) {
        String u = AccountSql.username(user);
        return db.read("count the roster of " + u, c -> {
            try (PreparedStatement ps = c.prepareStatement(RosterSql.SIZE)) {
                ps.setString(1, u);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public void deleteUser(String user) {
        String u = AccountSql.username(user);
        try {
            db.write("delete the roster of " + u, c -> {
                for (String sql : List.of(RosterSql.DELETE_USER_GROUPS, RosterSql.DELETE_USER_ITEMS,
                        RosterSql.DELETE_USER_VERSION)) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, u);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        } finally {
            cache.invalidate(u); // after the commit (or the failure): see ReadCache
        }
    }
}
