package im.confab.store.jdbc.internal;

import im.confab.api.store.StoreException;
import im.confab.api.store.XmlStore;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamParserFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/** Per-user XML documents (private XML storage XEP-0049, vcard-temp XEP-0054) in the JDBC database. */
@Component(service = XmlStore.class)
public final class JdbcXmlStore implements XmlStore {
    private final Database db;
    private final XmlStreamParserFactory parser;

    @Activate
    public JdbcXmlStore(@Reference Database db, @Reference XmlStreamParserFactory parser) {
        this.db = db;
        this.parser = parser;
    }

    @Override
    public Optional<XmlElement> get(String user, String kind, String key) {
        String u = AccountSql.username(user);
        XmlSql.check(kind, key);
        String what = "read " + kind + " document '" + key + "' of " + u;
        Optional<String> xml = db.read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(XmlSql.GET)) {
                bindKey(ps, 1, u, kind, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        if (xml.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.parseElement(xml.get()));
        } catch (XmlStreamException e) {
            // Stored by an older version under other rules: the user overwrites or deletes it.
            throw new StoreException(Database.PID + ": cannot " + what + ": the stored XML is refused: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void put(String user, String kind, String key, XmlElement value) {
        String u = AccountSql.username(user);
        XmlSql.check(kind, key);
        String xml = Objects.requireNonNull(value, "value").toXml();
        db.write("store " + kind + " document '" + key + "' of " + u, c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement(XmlSql.UPDATE)) {
                ps.setString(1, xml);
                bindKey(ps, 2, u, kind, key);
                updated = ps.executeUpdate();
            }
            if (updated == 0) { // a concurrent first put fails with a unique violation and runs again
                try (PreparedStatement ps = c.prepareStatement(XmlSql.INSERT)) {
                    ps.setString(1, xml);
                    bindKey(ps, 2, u, kind, key);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public boolean delete(String user, String kind, String key) {
        String u = AccountSql.username(user);
        XmlSql.check(kind, key);
        return db.write("delete " + kind + " document '" + key + "' of " + u, c -> {
            try (PreparedStatement ps = c.prepareStatement(XmlSql.DELETE)) {
                bindKey(ps, 1, u, kind, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void deleteUser(String user) {
        String u = AccountSql.username(user);
        db.write("delete the XML documents of " + u, c -> {
            try (PreparedStatement ps = c.prepareStatement(XmlSql.DELETE_USER)) {
                ps.setString(1, u);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void bindKey(PreparedStatement ps, int index, String user, String kind, String key)
            throws SQLException {
        ps.setString(index, user);
        ps.setString(index + 1, kind);
        ps.setString(index + 2, key);
    }
}
