package im.confab.store.jdbc.internal;

import im.confab.api.store.LastActivityStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/** The last logout of each user (XEP-0012) in the JDBC database. */
@Component(service = LastActivityStore.class)
public final class JdbcLastActivityStore implements LastActivityStore {
    private final Database db;

    @Activate
    public JdbcLastActivityStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Optional<Last> last(String user) {
        String u = AccountSql.username(user);
        return db.read("read the last activity of " + u, c -> {
            try (PreparedStatement ps = c.prepareStatement(LastActivitySql.GET)) {
                ps.setString(1, u);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Last>empty();
                    }
                    return Optional.of(new Last(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getString(2)));
                }
            }
        });
    }

    @Override
    public void set(String user, Instant at, String status) {
        String u = AccountSql.username(user);
        OffsetDateTime when = Database.timestamp(Objects.requireNonNull(at, "at"));
        db.write("record the last activity of " + u, c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement(LastActivitySql.UPDATE)) {
                ps.setObject(1, when);
                ps.setString(2, status);
                ps.setString(3, u);
                updated = ps.executeUpdate();
            }
            if (updated == 0) { // a concurrent first set fails with a unique violation and runs again
                try (PreparedStatement ps = c.prepareStatement(LastActivitySql.INSERT)) {
                    ps.setObject(1, when);
                    ps.setString(2, status);
                    ps.setString(3, u);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void deleteUser(String user) {
        String u = AccountSql.username(user);
        db.write("delete the last activity of " + u, c -> {
            try (PreparedStatement ps = c.prepareStatement(LastActivitySql.DELETE_USER)) {
                ps.setString(1, u);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
