package im.confab.store.jdbc.internal;

import org.osgi.framework.BundleContext;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * Validated configuration of PID {@code xmpp.store.jdbc}.
 *
 * @param dialect the database kind
 * @param url the JDBC URL
 * @param user the database user
 * @param password the database password
 * @param poolSize connections kept open at most
 */
record StoreSettings(Dialect dialect, String url, String user, String password, int poolSize) {
    static final int MAX_POOL_SIZE = 64;
    /**
     * WRITE_DELAY=0: a commit reaches the file before it returns, so a killed process loses no account
     * (default: up to 500 ms). DB_CLOSE_ON_EXIT=FALSE: we close the database in @Deactivate; H2's own JVM
     * shutdown hook would race with the framework's shutdown and pin this bundle's class loader.
     */
    static final String H2_OPTIONS = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    private static final System.Logger LOG = System.getLogger(StoreSettings.class.getName());

    static StoreSettings from(Path dataDirectory, Database.Config config) {
        int poolSize = config.pool_size();
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw fail("pool.size", "must be between 1 and " + MAX_POOL_SIZE + ", not " + poolSize);
        }
        String url = config.url().strip();
        if (url.isEmpty()) {
            url = defaultUrl(dataDirectory);
        } else if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")
                && !url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=")
                && !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")) {
            LOG.log(Level.WARNING, "{0} url: without ;WRITE_DELAY=0 H2 may lose the last half second of"
                    + " commits when the process is killed; the default url has {1}", Database.PID, H2_OPTIONS);
        }
        Dialect dialect;
        try {
            dialect = Dialect.of(url);
        } catch (IllegalArgumentException e) {
            throw fail("url", e.getMessage());
        }
        return new StoreSettings(dialect, url, config.user(), config.password(), poolSize);
    }

    /** The embedded database {@code <data>/db/confab}; its folder readable by the owner only. */
    static String defaultUrl(Path dataDirectory) {
        Path dir = dataDirectory.resolve("db").toAbsolutePath();
        String path = dir.resolve("confab").toString();
        if (path.indexOf(';') >= 0) {
            throw fail("url", "the data directory " + dataDirectory + " contains ';'; set url explicitly");
        }
        try {
            if (Files.notExists(dir)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(dir,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
        } catch (IOException e) {
            throw fail("url", "cannot create " + dir + ": " + e);
        }
        return "jdbc:h2:file:" + path + H2_OPTIONS;
    }

    static Path dataDirectory(BundleContext bundleContext) {
        String dir = bundleContext.getProperty("confab.data");
        return Path.of(dir == null || dir.isBlank() ? "data" : dir).toAbsolutePath();
    }

    private static IllegalStateException fail(String key, String message) {
        String m = Database.PID + " " + key + ": " + message;
        LOG.log(Level.ERROR, m + "; no store is available");
        return new IllegalStateException(m);
    }

    @Override
    public String toString() { // never the password
        return "StoreSettings[" + url + ", user " + user + ", pool " + poolSize + "]";
    }
}
