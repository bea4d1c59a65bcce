package im.confab.store.jdbc.internal;

import java.util.Locale;

import javax.sql.DataSource;

/**
 * Everything that differs between the databases we speak, kept in one place: the rest of the SQL is
 * standard and runs unchanged on H2 and PostgreSQL (identity columns, {@code IF NOT EXISTS}, {@code FOR UPDATE}).
 */
enum Dialect {
    H2("VARBINARY(255)", "CHARACTER LARGE OBJECT"),
    POSTGRESQL("BYTEA", "TEXT");

    private final String binaryType;
    private final String textType;

    Dialect(String binaryType, String textType) {
        this.binaryType = binaryType;
        this.textType = textType;
    }

    /**
     * @throws IllegalArgumentException for a URL of a database we do not support
     */
    static Dialect of(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL '" + url
                + "'; use jdbc:h2:... or jdbc:postgresql://host/database");
    }

    /**
     * Replaces the placeholders of a migration script: {@code ${binary}} for short byte strings, {@code ${text}}
     * for unbounded text (serialized XML; a stanza's size limit is configurable without an upper bound).
     */
    String render(String sql) {
        return sql.replace("${binary}", binaryType).replace("${text}", textType);
    }

    /**
     * The data source, constructed directly: inside OSGi neither DriverManager nor ServiceLoader sees the
     * driver bundle's classes.
     *
     * @throws IllegalArgumentException if the driver is missing or refuses the URL
     */
    DataSource dataSource(String url, String user, String password) {
        switch (this) {
            case H2 -> {
                org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
                ds.setURL(url);
                ds.setUser(user);
                ds.setPassword(password);
                return ds;
            }
            case POSTGRESQL -> {
                try {
                    return PostgresDataSource.create(url, user, password);
                } catch (NoClassDefFoundError e) {
                    // Imported with resolution:=optional: the bundle resolves without the driver, and the
                    // import is wired only when the bundle is resolved (or refreshed) with the driver present.
                    throw new IllegalArgumentException("the PostgreSQL driver (bundle org.postgresql.jdbc) is not"
                            + " available to im.confab.store.jdbc; install it, then refresh im.confab.store.jdbc");
                }
            }
            default -> throw new AssertionError(this);
        }
    }
}
