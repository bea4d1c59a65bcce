package im.confab.store.jdbc.internal;

import im.confab.api.jid.Jid;
import im.confab.api.store.BlockingStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** Blocklists (XEP-0191) in the JDBC database. */
@Component(service = BlockingStore.class)
public final class JdbcBlockingStore implements BlockingStore {
    private final Database db;

    @Activate
    public JdbcBlockingStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Set<Jid> blocked(String user) {
        String u = AccountSql.username(user);
        return db.read("read the blocklist of " + u, c -> {
            Set<Jid> out = new LinkedHashSet<>();
            for (String jid : items(c, u)) { // sorted: a stable order for the client's list
                out.add(Jid.parse(jid));
            }
            return Collections.unmodifiableSet(out);
        });
    }

    @Override
    public void block(String user, Collection<Jid> jids) {
        String u = AccountSql.username(user);
        Set<String> wanted = strings(jids);
        if (wanted.isEmpty()) {
            return;
        }
        db.write("block " + wanted.size() + " JIDs for " + u, c -> {
            // Only what is missing; a concurrent block of the same JID fails with a unique violation and runs again.
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(items(c, u));
            if (!missing.isEmpty()) {
                batch(c, BlockingSql.INSERT, u, missing);
            }
            return null;
        });
    }

    @Override
    public void unblock(String user, Collection<Jid> jids) {
        String u = AccountSql.username(user);
        Set<String> unwanted = strings(jids);
        if (unwanted.isEmpty()) {
            deleteUser(u); // XEP-0191 3.4: an empty unblock removes every item, and the list is all we keep
            return;
        }
        db.write("unblock " + unwanted.size() + " JIDs for " + u, c -> {
            batch(c, BlockingSql.DELETE, u, unwanted);
            return null;
        });
    }

    @Override
    public void deleteUser(String user) {
        String u = AccountSql.username(user);
        db.write("delete the blocklist of " + u, c -> {
            try (PreparedStatement ps = c.prepareStatement(BlockingSql.DELETE_USER)) {
                ps.setString(1, u);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Set<String> items(Connection c, String user) throws SQLException {
        Set<String> out = new TreeSet<>(); // in Java: database collations differ
        try (PreparedStatement ps = c.prepareStatement(BlockingSql.ITEMS)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Set<String> strings(Collection<Jid> jids) {
        Set<String> out = new TreeSet<>();
        for (Jid j : jids) {
            out.add(j.toString());
        }
        return out;
    }

    private static void batch(Connection c, String sql, String user, Set<String> jids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String jid : jids) {
                ps.setString(1, user);
                ps.setString(2, jid);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
