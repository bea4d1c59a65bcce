package im.confab.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import im.confab.api.stanza.Stanza;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/** The ping plugin bundle ({@code im.confab.sm.ping}) as the hot-swap and leak tests handle it. */
final class PingBundle {
    static final String BSN = "im.confab.sm.ping";
    static final String HANDLER_CLASS = "im.confab.sm.ping.internal.PingHandler";
    /** The session manager names a plugin's queue threads {@code confab-<component simple name>-<n>}. */
    static final String HANDLER_THREAD_PREFIX = "confab-PingHandler-";

    private PingBundle() {
    }

    /** @return the installed ping bundle, or null */
    static Bundle find(BundleContext context) {
        return Arrays.stream(context.getBundles()).filter(b -> BSN.equals(b.getSymbolicName())
                && b.getState() != Bundle.UNINSTALLED).findFirst().orElse(null);
    }

    static Bundle get(BundleContext context) {
        Bundle b = find(context);
        assertNotNull(BSN + " is not installed", b);
        return b;
    }

    /** @return the plugin's jar in the distribution ({@code bundles/im.confab.sm.ping-*.jar}) */
    static Path jar() throws IOException {
        try (Stream<Path> all = Files.list(Boot.dist().resolve("bundles"))) {
            List<Path> jars = all.filter(p -> p.getFileName().toString().startsWith(BSN + "-")
                    && p.getFileName().toString().endsWith(".jar")).toList();
            assertEquals("ping jars in " + Boot.dist().resolve("bundles"), 1, jars.size());
            return jars.get(0);
        }
    }

    /**
     * The location the admin bundle installs the jar under (its file URI), so that the feature manager still
     * recognises the bundle as the im feature's after the test reinstalled it.
     */
    static String location() throws IOException {
        return jar().toUri().toString();
    }

    /** Installs the ping bundle from its jar and starts it. */
    static Bundle installAndStart(BundleContext context) throws IOException, BundleException {
        Bundle b = context.installBundle(location());
        b.start();
        return b;
    }

    /** Puts the ping bundle back the way the im feature leaves it: installed and active. */
    static void restore(BundleContext context) throws IOException, BundleException {
        Bundle b = find(context);
        if (b == null) {
            b = context.installBundle(location());
        }
        if (b.getState() != Bundle.ACTIVE) {
            b.start();
        }
    }

    /** @return the live threads named like the ping handler's queue threads */
    static List<String> handlerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(HANDLER_THREAD_PREFIX)).sorted().toList();
    }

    /** Sends one ping to the server and waits (bounded) for its answer. */
    static Stanza ping(TestClient client, long timeoutMs) throws InterruptedException {
        return client.awaitAnswer(client.ping(), timeoutMs);
    }

    /** Asks the server for disco#info and returns its features. */
    static List<String> discoFeatures(TestClient client, long timeoutMs) throws InterruptedException {
        Stanza answer = client.awaitAnswer(client.discoInfo(), timeoutMs);
        assertEquals("disco#info answer " + answer, "result", answer.type());
        return TestClient.discoFeatures(answer);
    }
}
