package im.confab.itest.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The Pax Exam set-up every OSGi test shares: the distribution's own boot bundles (the launcher's set, including
 * the admin bundle, which installs the {@code im} feature from the distribution's bundle folder as in production)
 * and a FileInstall-watched conf dir of the test's own.
 */
final class Boot {
    static final long START_TIMEOUT_MS = 60_000;

    private Boot() {
    }

    /** @return the distribution folder the launcher module assembled */
    static Path dist() {
        return Path.of(System.getProperty("confab.dist", "../../launcher/target/confab")).toAbsolutePath();
    }

    /** @return the work dir of one test class (conf and data), e.g. {@code target/osgi/swap} */
    static Path work(String workDirName) {
        return Path.of(System.getProperty("confab.work", "target/osgi")).toAbsolutePath().resolve(workDirName);
    }

    /** @return the conf dir FileInstall watches for a test class */
    static Path conf(String workDirName) {
        return work(workDirName).resolve("conf");
    }

    /**
     * Options for a test class: a fresh work dir {@code workDirName} (conf left over by an earlier, failed run is
     * wiped), c2s on free loopback ports, FileInstall on the conf dir.
     */
    static Option[] options(String workDirName) throws IOException {
        Path work = work(workDirName);
        deleteTree(work);
        Path conf = work.resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(work.resolve("data"));
        // as in the distribution: the store opens only with its configuration file present (defaults: embedded H2)
        Files.writeString(conf.resolve("xmpp.store.jdbc.cfg"), "# defaults\n");
        Files.writeString(conf.resolve("xmpp.c2s.cfg"), "bind.address=127.0.0.1\nport=" + freePort()
                + "\ndirect.tls.port=" + freePort() + "\n");
        List<Option> options = new ArrayList<>();
        try (Stream<Path> boot = Files.list(dist().resolve("bundles/boot"))) {
            // the interactive console (gogo.jline, jline) is left out: no terminal here, and it wires nothing
            boot.filter(p -> p.toString().endsWith(".jar")).sorted()
                    .filter(p -> !p.getFileName().toString().startsWith("org.apache.felix.gogo.jline")
                            && !p.getFileName().toString().startsWith("jline"))
                    .forEach(p -> options.add(bundle(p.toUri().toString())));
        }
        options.add(junitBundles());
        options.add(frameworkProperty("confab.home").value(dist().toString()));
        options.add(frameworkProperty("confab.data").value(work.resolve("data").toString()));
        options.add(frameworkProperty("confab.feature").value("im"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(conf.toString()));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.cfg"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        return options.toArray(new Option[0]);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** @return the bundles whose symbolic name starts with {@code im.confab.} */
    static List<Bundle> confabBundles(BundleContext context) {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("im.confab.")).toList();
    }

    /** Waits until the {@code im} feature is installed (ping and disco present) and every bundle is active. */
    static void awaitActive(BundleContext context) throws InterruptedException {
        Poll.until("every bundle of the im feature active", START_TIMEOUT_MS, () -> {
            List<String> names = confabBundles(context).stream().map(Bundle::getSymbolicName).toList();
            boolean im = names.contains("im.confab.sm.ping") && names.contains("im.confab.sm.disco");
            String inactive = Arrays.stream(context.getBundles())
                    .filter(b -> b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                    .map(b -> b.getSymbolicName() + "(" + b.getState() + ")").collect(Collectors.joining(", "));
            return im && inactive.isEmpty() ? Boolean.TRUE : null;
        });
    }

    /** Waits (bounded) for the session manager service and returns it. */
    static im.confab.api.session.SessionManager sessionManager(org.osgi.framework.BundleContext context)
            throws Exception {
        Class<im.confab.api.session.SessionManager> type = im.confab.api.session.SessionManager.class;
        return Poll.until("SessionManager service", START_TIMEOUT_MS,
                () -> context.getServiceReference(type) == null ? null
                        : context.getService(context.getServiceReference(type)));
    }
}
