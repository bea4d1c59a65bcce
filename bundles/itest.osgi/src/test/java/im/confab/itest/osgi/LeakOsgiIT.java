package im.confab.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;
import javax.management.ObjectName;

import im.confab.api.session.SessionManager;
import im.confab.api.stanza.Stanza;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Nothing of a removed ping plugin stays behind: its queue threads end, and after many uninstall/install cycles
 * and a refresh the first version's classes and class loader can be collected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LeakOsgiIT {
    private static final String WORK = "leak";
    private static final int CYCLES = 100;
    private static final long ANSWER_MS = 5_000;

    @Inject
    BundleContext context;

    private SessionManager sm;
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return Boot.options(WORK);
    }

    @Before
    public void boot() throws Exception {
        Boot.awaitActive(context);
        sm = Boot.sessionManager(context);
    }

    @After
    public void restore() throws Exception {
        for (TestClient c : clients) {
            c.shutdown();
        }
        PingBundle.restore(context);
    }

    private TestClient open(String account, String resource) throws Exception {
        TestClient c = TestClient.open(sm, account, resource, false);
        clients.add(c);
        return c;
    }

    @Test
    public void noPingQueueThreadOutlivesUninstall() throws Exception {
        TestClient client = open("frank@localhost", "threads");
        assertEquals("result", PingBundle.ping(client, ANSWER_MS).type());
        assertFalse("no ping queue thread while the plugin works: naming changed?", PingBundle.handlerThreads()
                .isEmpty());

        PingBundle.get(context).uninstall();
        Poll.until("ping queue threads ended after uninstall", 5_000,
                () -> PingBundle.handlerThreads().isEmpty() ? Boolean.TRUE : null,
                () -> "alive: " + PingBundle.handlerThreads());
    }

    @Test
    public void uninstalledVersionsAreCollected() throws Exception {
        TestClient client = open("grace@localhost", "leak");
        assertEquals("result", PingBundle.ping(client, ANSWER_MS).type());
        List<WeakReference<Object>> first = firstVersion(PingBundle.get(context));
        String location = PingBundle.location();

        for (int i = 1; i <= CYCLES; i++) {
            PingBundle.get(context).uninstall();
            Bundle b = context.installBundle(location);
            b.start();
            Stanza answer = PingBundle.ping(client, ANSWER_MS);
            assertEquals("cycle " + i + ": answer " + answer, "result", answer.type());
        }
        assertEquals(Bundle.ACTIVE, PingBundle.get(context).getState());
        Poll.until("at most the live version's ping queue thread", 5_000,
                () -> PingBundle.handlerThreads().size() <= 1 ? Boolean.TRUE : null,
                () -> "alive: " + PingBundle.handlerThreads());

        refreshRemovalPending();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (first.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
        }
        if (first.stream().anyMatch(r -> r.get() != null)) {
            fail("the first ping version is still reachable after " + CYCLES + " uninstall cycles, refresh and GC "
                    + "(class " + (first.get(0).get() != null) + ", class loader " + (first.get(1).get() != null)
                    + "); heap dump: " + dumpHeap());
        }
        assertEquals("result", PingBundle.ping(client, ANSWER_MS).type());
        assertNull("session closed: " + client.closed(), client.closed());
        assertTrue(sm.sessions().contains(client.session()));
    }

    // A method of its own, so that no stack slot of the test keeps the class or the bundle.
    private static List<WeakReference<Object>> firstVersion(Bundle ping) throws ClassNotFoundException {
        Class<?> handler = ping.loadClass(PingBundle.HANDLER_CLASS);
        return List.of(new WeakReference<>(handler), new WeakReference<>(handler.getClassLoader()));
    }

    private void refreshRemovalPending() throws InterruptedException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<FrameworkEvent> event = new AtomicReference<>();
        wiring.refreshBundles(null, e -> {
            event.set(e);
            done.countDown();
        });
        assertTrue("refresh did not finish", done.await(30, TimeUnit.SECONDS));
        assertEquals("refresh event " + event.get(), FrameworkEvent.PACKAGES_REFRESHED, event.get().getType());
        assertTrue("still pending removal: " + wiring.getRemovalPendingBundles(),
                wiring.getRemovalPendingBundles().isEmpty());
    }

    /** For the one who fixes the leak: where the heap went (the paths to the PingHandler class tell). */
    private static String dumpHeap() {
        try {
            // beside the work dir, which the next run wipes
            Path file = Boot.work(WORK).resolveSibling(WORK + "-" + System.currentTimeMillis() + ".hprof");
            Files.createDirectories(file.getParent());
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap",
                    new Object[] {file.toString(), Boolean.TRUE}, new String[] {String.class.getName(), "boolean"});
            return file.toString();
        } catch (Exception e) {
            return "failed: " + e;
        }
    }
}
