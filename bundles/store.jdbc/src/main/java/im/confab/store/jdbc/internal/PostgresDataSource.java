package im.confab.store.jdbc.internal;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

/**
 * The only class that names the PostgreSQL driver, so that it is loaded (and fails with NoClassDefFoundError)
 * only when a jdbc:postgresql: URL is configured; the driver package is an optional import.
 */
final class PostgresDataSource {
    private PostgresDataSource() {
    }

    static DataSource create(String url, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url); // validates: IllegalArgumentException for a malformed URL
        ds.setUser(user);
        ds.setPassword(password);
        if (ds.getApplicationName() == null || ds.getApplicationName().startsWith("PostgreSQL JDBC")) {
            ds.setApplicationName("confab"); // shown in pg_stat_activity, unless the URL names one
        }
        return ds;
    }
}
