package im.confab.launcher;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The infrastructure bundles of {@code bundles/boot}: SCR and its API bundles, ConfigAdmin, FileInstall,
 * Metatype, Log, Gogo with JLine, and im.confab.admin (which installs the features).
 *
 * <p>Start order, by start level: everything at {@link Settings#BOOT_LEVEL}, so the admin bundle applies the
 * features' default configurations and installs their bundles first; FileInstall at {@link Settings#CONF_LEVEL},
 * so conf/ is read after those defaults and wins; the features' bundles at {@link Settings#FEATURE_LEVEL}
 * (the initial bundle start level), so they start with their configuration in place. The Gogo bundles are
 * started by {@link #startShell} once the framework is up.
 */
final class BootBundles {
    private static final System.Logger LOG = System.getLogger("im.confab.launcher");

    static final String FILEINSTALL = "org.apache.felix.fileinstall";
    static final String JLINE = "org.jline";
    /** In this order; JLine first so its class loader can be the context class loader for the others. */
    static final List<String> SHELL = List.of(JLINE, "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.command",
            "org.apache.felix.gogo.jline");

    private final List<Bundle> installed = new ArrayList<>();

    /** Installs every jar of {@code dir} (in name order) and marks all but the shell bundles for starting. */
    void install(BundleContext context, Path dir) throws IOException, BundleException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no boot bundles: " + dir + " is missing");
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            files.forEach(jars::add);
        }
        jars.sort(null);
        for (Path jar : jars) {
            Bundle b = context.installBundle(jar.toUri().toString());
            installed.add(b);
            boolean fileInstall = FILEINSTALL.equals(b.getSymbolicName());
            b.adapt(BundleStartLevel.class).setStartLevel(fileInstall ? Settings.CONF_LEVEL : Settings.BOOT_LEVEL);
            if (!SHELL.contains(b.getSymbolicName()) && !isFragment(b)) {
                b.start(); // the framework is not started yet: this marks it, the start level starts it
            }
        }
        for (String bsn : SHELL) {
            if (find(bsn).isEmpty()) {
                throw new BundleException("boot bundle " + bsn + " is missing from " + dir);
            }
        }
    }

    /**
     * Starts JLine and Gogo with JLine's class loader as the thread context class loader: JLine looks up its
     * terminal providers through it and otherwise falls back to a dumb terminal (pitfall 3).
     */
    void startShell(Bundle systemBundle) throws BundleException {
        Bundle jline = find(JLINE).orElseThrow();
        systemBundle.adapt(FrameworkWiring.class).resolveBundles(List.of(jline));
        BundleWiring wiring = jline.adapt(BundleWiring.class);
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        if (wiring != null) {
            current.setContextClassLoader(wiring.getClassLoader());
        } else {
            LOG.log(Level.WARNING, "JLine does not resolve; the console will be a dumb terminal");
        }
        try {
            for (String bsn : SHELL) {
                find(bsn).orElseThrow().start();
            }
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** Boot bundles that are not active (fragments excepted), by symbolic name with their state. */
    Map<String, Integer> inactive() {
        Map<String, Integer> result = new java.util.TreeMap<>();
        for (Bundle b : installed) {
            if (b.getState() != Bundle.ACTIVE && !isFragment(b) && b.getState() != Bundle.UNINSTALLED) {
                result.put(b.getSymbolicName(), b.getState());
            }
        }
        return result;
    }

    private Optional<Bundle> find(String bsn) {
        return installed.stream().filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    private static boolean isFragment(Bundle b) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        return rev != null && (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }
}
