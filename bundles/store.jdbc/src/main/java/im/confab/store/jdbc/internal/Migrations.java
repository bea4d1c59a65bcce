package im.confab.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Versioned schema migrations in the Flyway manner: scripts {@code db/V<n>__<description>.sql}, applied in
 * order, each in one transaction together with its row in {@code schema_version}.
 *
 * <p>Rules for scripts: never edit one that has shipped (a changed checksum is logged); add the next version
 * instead. H2 commits DDL at once, so on H2 a script is not atomic: write DDL that can run twice
 * ({@code IF NOT EXISTS}). Statements end with {@code ;} at the end of a line; {@code --} starts a comment line.
 */
final class Migrations {
    /** The scripts in order; bundles cannot list their own resource folders portably, so they are named here. */
    static final List<String> SCRIPTS = List.of("V1__accounts.sql", "V2__im.sql");

    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** One script, rendered for a dialect. */
    record Migration(int version, String description, String sql, long checksum) {
    }

    private Migrations() {
    }

    static List<Migration> load(Dialect dialect) {
        List<Migration> out = new ArrayList<>();
        for (String script : SCRIPTS) {
            Matcher m = NAME.matcher(script);
            if (!m.matches() || Integer.parseInt(m.group(1)) != out.size() + 1) {
                throw new IllegalStateException("migration " + script + " is misnamed or out of order");
            }
            String text = read("db/" + script);
            CRC32 crc = new CRC32();
            crc.update(text.getBytes(StandardCharsets.UTF_8));
            out.add(new Migration(out.size() + 1, m.group(2), dialect.render(text), crc.getValue()));
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Brings the schema up to date.
     *
     * @return the schema version now
     * @throws SQLException if a migration fails (that one is rolled back where the database can) or the
     *                      database is newer than this code
     */
    static int migrate(Connection c, List<Migration> migrations) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, checksum BIGINT NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        Map<Integer, Long> applied = applied(c);
        int current = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (current > migrations.size()) {
            throw new SQLException("the database schema is at version " + current + ", newer than this bundle"
                    + " knows (" + migrations.size() + "); run a newer im.confab.store.jdbc");
        }
        for (Migration m : migrations) {
            Long checksum = applied.get(m.version());
            if (checksum == null) {
                apply(c, m);
            } else if (checksum != m.checksum()) {
                LOG.log(Level.WARNING, "migration V{0}__{1} was changed after it was applied; its changes are not"
                        + " applied again", m.version(), m.description());
            }
        }
        return migrations.size();
    }

    private static Map<Integer, Long> applied(Connection c) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static void apply(Connection c, Migration m) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                for (String sql : statements(m.sql())) {
                    s.execute(sql);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_version (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setLong(3, m.checksum());
                ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            c.commit();
            LOG.log(Level.INFO, "applied database migration V{0}__{1}", m.version(), m.description());
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw new SQLException("migration V" + m.version() + "__" + m.description() + " failed: "
                    + e.getMessage(), e.getSQLState(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Splits a script at lines ending in {@code ;}, dropping comment lines and blank statements. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String t = line.strip();
            if (t.startsWith("--")) {
                continue;
            }
            if (t.endsWith(";")) {
                current.append(t, 0, t.length() - 1);
                flush(current, out);
            } else {
                current.append(t).append('\n');
            }
        }
        flush(current, out);
        return out;
    }

    private static void flush(StringBuilder sb, List<String> out) {
        String s = sb.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        sb.setLength(0);
    }
}
