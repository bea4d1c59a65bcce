package im.confab.store.jdbc.internal;

import java.util.Locale;

import javax.sql.DataSource;

/**
 * Everything that differs between the databases we speak, kept in one place: the rest of the SQL is
 * standard and runs unchanged on H2 and PostgreSQL.
 */
enum Dialect {
    H2("VARBINARY(255)"),
    POSTGRESQL("BYTEA");

    private final String binaryType;

    Dialect(String binaryType) {
        this.binaryType = binaryType;
    }

    /**
     * @throws IllegalArgumentException for a URL of a database we do not support (yet)
     */
    static Dialect of(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL '" + url + "'; use jdbc:h2:...");
    }

    /** Replaces the placeholders of a migration script. */
    String render(String sql) {
        return sql.replace("${binary}", binaryType);
    }

    /**
     * The data source, constructed directly: inside OSGi neither DriverManager nor ServiceLoader sees the
     * driver bundle's classes.
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
            case POSTGRESQL -> throw new IllegalArgumentException(
                    "PostgreSQL is not supported yet (its driver is not wired); use jdbc:h2:...");
            default -> throw new AssertionError(this);
        }
    }
}
