package im.confab.admin.internal;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** The distribution's directories, from the framework properties the launcher sets. */
record Locations(Path home, Path data) {
    static final String HOME = "confab.home";
    static final String DATA = "confab.data";

    static Locations of(BundleContext context) {
        String home = context.getProperty(HOME);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("framework property " + HOME + " is not set: start Confab with bin/confab");
        }
        Path homeDir = Path.of(home).toAbsolutePath();
        String data = context.getProperty(DATA);
        return new Locations(homeDir, data == null || data.isBlank() ? homeDir.resolve("data") : homeDir.resolve(data));
    }

    Path features() {
        return home.resolve("features");
    }

    Path bundles() {
        return home.resolve("bundles");
    }
}
