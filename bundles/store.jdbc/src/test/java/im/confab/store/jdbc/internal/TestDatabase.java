package im.confab.store.jdbc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One empty database for one test invocation: an H2 file in a new temporary directory, or a new schema in the
 * PostgreSQL database named by CONFAB_TEST_PG_URL (with CONFAB_TEST_PG_USER and CONFAB_TEST_PG_PASSWORD; run
 * .ci/pg-setup.sh for one). Closed by JUnit after the invocation (an AutoCloseable argument): closes every
 * Database it opened and removes the files or the schema.
 */
abstract class TestDatabase implements AutoCloseable {
    static final String PG_URL = "CONFAB_TEST_PG_URL";

    private final List<Database> opened = new ArrayList<>();

    /** The databases of {@link EachDatabase}: H2 always, PostgreSQL when CONFAB_TEST_PG_URL is set. */
    static Stream<TestDatabase> all() {
        String pg = System.getenv(PG_URL);
        if (pg == null || pg.isBlank()) {
            return Stream.of(new H2());
        }
        return Stream.of(new H2(), new Postgres(pg, env("CONFAB_TEST_PG_USER"), env("CONFAB_TEST_PG_PASSWORD")));
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    abstract Dialect dialect();

    /** Settings for this test's database. */
    abstract StoreSettings settings(int poolSize);

    /** Opens the database (again: reopening finds what an earlier one stored), closed with this. */
    Database open() {
        return open(8);
    }

    Database open(int poolSize) {
        Database db = new Database(settings(poolSize), Duration.ofSeconds(10));
        opened.add(db);
        return db;
    }

    /** Arguments for a child JVM that calls {@link #fromArgs} (the PostgreSQL password stays in the environment). */
    abstract List<String> childArgs();

    static Database fromArgs(String[] args) {
        StoreSettings s = switch (Dialect.valueOf(args[0])) {
            case H2 -> StoreSettings.from(Path.of(args[1]), TestConfig.defaults());
            case POSTGRESQL -> new StoreSettings(Dialect.POSTGRESQL, args[1], args[2],
                    env("CONFAB_TEST_PG_PASSWORD"), 2);
        };
        return new Database(s, Duration.ofSeconds(10));
    }

    @Override
    public void close() throws Exception {
        opened.forEach(Database::close);
        cleanUp();
    }

    abstract void cleanUp() throws Exception;

    static final class H2 extends TestDatabase {
        private Path data;

        /** The data directory ({@code db/confab} below it), made on first use. */
        Path data() {
            if (data == null) {
                try {
                    data = Files.createTempDirectory("confab-store-test");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return data;
        }

        @Override
        Dialect dialect() {
            return Dialect.H2;
        }

        @Override
        StoreSettings settings(int poolSize) {
            return StoreSettings.from(data(), TestConfig.defaults().withPoolSize(poolSize));
        }

        @Override
        List<String> childArgs() {
            return List.of(Dialect.H2.name(), data().toString());
        }

        @Override
        void cleanUp() throws IOException {
            if (data != null) {
                try (Stream<Path> walk = Files.walk(data)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "H2";
        }
    }

    static final class Postgres extends TestDatabase {
        private final String url;
        private final String user;
        private final String password;
        private String schema;

        Postgres(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        /** A new schema, the search path of every connection made with {@link #settings}. */
        private String schemaUrl() {
            if (schema == null) {
                schema = "confab_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
                execute("CREATE SCHEMA " + schema);
            }
            return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }

        private void execute(String sql) {
            try (Connection c = Dialect.POSTGRESQL.dataSource(url, user, password).getConnection();
                 Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        Dialect dialect() {
            return Dialect.POSTGRESQL;
        }

        @Override
        StoreSettings settings(int poolSize) {
            return new StoreSettings(Dialect.POSTGRESQL, schemaUrl(), user, password, poolSize);
        }

        @Override
        List<String> childArgs() {
            return List.of(Dialect.POSTGRESQL.name(), schemaUrl(), user);
        }

        @Override
        void cleanUp() {
            if (schema != null) {
                execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }

        @Override
        public String toString() {
            return "PostgreSQL";
        }
    }
}
