package im.confab.store.jdbc.internal;

import im.confab.api.stanza.Stanza;
import im.confab.api.store.OfflineStore;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamParserFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Offline messages (XEP-0160) in the JDBC database. A message is committed before {@link #store} returns: on
 * H2 with WRITE_DELAY=0 (the default URL), on PostgreSQL with its default synchronous_commit.
 */
@Component(service = OfflineStore.class)
public final class JdbcOfflineStore implements OfflineStore {
    private static final System.Logger LOG = System.getLogger(JdbcOfflineStore.class.getName());

    private final Database db;
    private final XmlStreamParserFactory parser;

    @Activate
    public JdbcOfflineStore(@Reference Database db, @Reference XmlStreamParserFactory parser) {
        this.db = db;
        this.parser = parser;
    }

    @Override
    public boolean store(String user, Stanza message, Instant stamp, int quota) {
        String u = AccountSql.username(user);
        // The element with its namespace declared: the stored text stands on its own.
        String xml = Objects.requireNonNull(message, "message").element().toXml();
        OffsetDateTime at = Database.timestamp(Objects.requireNonNull(stamp, "stamp"));
        if (quota <= 0) {
            return false;
        }
        return db.write("store an offline message for " + u, c -> {
            // The quota check and the insert in one transaction, under the user's lock: concurrent stores for
            // one user cannot both pass the check with one place left.
            OfflineSql.lock(c, u);
            if (OfflineSql.count(c, u) >= quota) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(OfflineSql.INSERT)) {
                ps.setString(1, u);
                ps.setObject(2, at);
                ps.setString(3, xml);
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<Stored> peek(String user, int max) {
        String u = AccountSql.username(user);
        if (max <= 0) {
            return List.of();
        }
        return db.read("read the offline messages of " + u, c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(OfflineSql.PEEK)) {
                ps.setString(1, u);
                ps.setMaxRows(max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        Instant stamp = rs.getObject(2, OffsetDateTime.class).toInstant();
                        Stanza message = parse(u, id, rs.getString(3));
                        if (message != null) {
                            out.add(new Stored(id, stamp, message));
                        }
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    /**
     * @return the stanza, or null for one the parser refuses now (stored by an older version with other rules):
     *     skipped with an error rather than blocking every later message of the user; still counted, and
     *     removed with deleteUser or by an administrator
     */
    private Stanza parse(String user, long id, String xml) {
        try {
            return Stanza.of(parser.parseElement(xml));
        } catch (XmlStreamException | IllegalArgumentException e) {
            LOG.log(Level.ERROR, "{0}: offline message {1} of {2} cannot be read back and is skipped: {3}",
                    Database.PID, id, user, e.getMessage());
            return null;
        }
    }

    @Override
    public void delete(String user, List<Long> ids) {
        String u = AccountSql.username(user);
        if (ids.isEmpty()) {
            return;
        }
        db.write("delete offline messages of " + u, c -> {
            try (PreparedStatement ps = c.prepareStatement(OfflineSql.DELETE)) {
                for (long id : ids) {
                    ps.setString(1, u);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public int count(String user) {
        String u = AccountSql.username(user);
        return db.read("count the offline messages of " + u, c -> OfflineSql.count(c, u));
    }

    @Override
    public void deleteUser(String user) {
        String u = AccountSql.username(user);
        db.write("delete the offline messages of " + u, c -> {
            for (String sql : List.of(OfflineSql.DELETE_USER, OfflineSql.DELETE_USER_LOCK)) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, u);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }
}
