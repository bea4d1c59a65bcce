package im.confab.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import javax.inject.Inject;

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
import org.osgi.framework.wiring.BundleRevision;

/**
 * Hot swap of the ping plugin in the running server: uninstall and reinstall (the defaults apply at once, disco
 * follows), and {@code Bundle.update()} under a stream of pings (the session manager holds them for the next
 * version: none lost, none answered with an error, none overtaken by a later one).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SwapOsgiIT {
    /** The session manager holds stanzas of a processor that went away for 10 s (hold.timeout): "promptly" is less. */
    private static final long PROMPT_MS = 3_000;
    private static final long ANSWER_MS = 5_000;

    @Inject
    BundleContext context;

    private SessionManager sm;
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return Boot.options("swap");
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
    public void uninstallAnswersServiceUnavailableAtOnceAndReinstallBringsPingBack() throws Exception {
        TestClient client = open("alice@localhost", "swap");
        assertEquals("result", PingBundle.ping(client, ANSWER_MS).type());
        assertTrue(PingBundle.discoFeatures(client, ANSWER_MS).contains(TestClient.PING));

        PingBundle.get(context).uninstall();
        assertNull("ping bundle still installed", PingBundle.find(context));

        long t0 = System.nanoTime();
        // bounded below the 10 s hold: after uninstall there is no next version to wait for
        Stanza error = PingBundle.ping(client, PROMPT_MS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals("answer to a ping without the plugin: " + error, "error", error.type());
        assertEquals("condition of " + error, "service-unavailable", TestClient.errorCondition(error));
        assertTrue("service-unavailable took " + tookMs + " ms", tookMs < PROMPT_MS);
        List<String> without = PingBundle.discoFeatures(client, ANSWER_MS);
        assertFalse("disco still lists ping: " + without, without.contains(TestClient.PING));
        assertTrue("disco lost its own feature: " + without, without.contains(TestClient.DISCO_INFO));

        Bundle again = PingBundle.installAndStart(context);
        assertEquals(Bundle.ACTIVE, again.getState());
        Stanza result = PingBundle.ping(client, ANSWER_MS);
        assertEquals("answer to a ping after reinstall: " + result, "result", result.type());
        assertEquals(TestClient.SERVER, result.from());
        assertEquals(client.session().jid(), result.to());
        List<String> with = PingBundle.discoFeatures(client, ANSWER_MS);
        assertTrue("disco does not list ping again: " + with, with.contains(TestClient.PING));
        assertNull("session closed: " + client.closed(), client.closed());
    }

    @Test
    public void updateWhilePingingLosesAndFailsNoPing() throws Exception {
        TestClient client = open("bob@localhost", "load");
        List<String> sent = pingThroughUpdates(client, 200, 3);

        Map<String, String> notResult = new TreeMap<>();
        for (String id : sent) {
            Stanza a = client.answer(id);
            if (!"result".equals(a.type())) {
                notResult.put(id, a.toXml());
            }
        }
        assertTrue(notResult.size() + " of " + sent.size() + " pings answered with something else than a result, "
                + "e.g. " + first(notResult.entrySet(), 5), notResult.isEmpty());
        assertNull("session closed: " + client.closed(), client.closed());
        assertTrue("session gone from the session manager", sm.sessions(client.session().jid().bare())
                .contains(client.session()));
        assertEquals("result", PingBundle.ping(client, ANSWER_MS).type());
    }

    /**
     * RFC 6120 10.1: a server processes the stanzas of one client in the order sent, plugin swap or not. The ping
     * plugin has one queue thread and answers inline, so the order of the answers is the order of processing.
     */
    @Test
    public void updateWhilePingingKeepsTheClientsOrder() throws Exception {
        TestClient client = open("carl@localhost", "order");
        List<String> sent = pingThroughUpdates(client, 300, 10);

        List<String> answered = client.answerOrder().stream().filter(sent::contains).toList();
        assertEquals("answered pings", sent.size(), answered.size());
        List<String> overtaken = new ArrayList<>();
        for (int i = 1; i < answered.size(); i++) {
            if (sent.indexOf(answered.get(i)) < sent.indexOf(answered.get(i - 1))) {
                overtaken.add(answered.subList(Math.max(0, i - 4), Math.min(answered.size(), i + 4)).toString());
            }
        }
        assertTrue(overtaken.size() + " place(s) where the answers came out of order, around: " + overtaken,
                overtaken.isEmpty());
    }

    /**
     * Sends pings from another thread, paced, at least {@code minPings} and on until {@code updates} updates of the
     * ping bundle are over (each one meets pings in flight), and waits until every ping is answered.
     *
     * @return the ids sent, in order
     */
    private List<String> pingThroughUpdates(TestClient client, int minPings, int updates) throws Exception {
        assertEquals("result", PingBundle.ping(client, ANSWER_MS).type()); // the plugin's queue is warm

        List<String> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean updatesDone = new AtomicBoolean();
        AtomicInteger sentCount = new AtomicInteger();
        List<Throwable> senderFailures = new CopyOnWriteArrayList<>();
        Thread sender = new Thread(() -> {
            try {
                while (sentCount.get() < minPings || !updatesDone.get()) {
                    sent.add(client.ping());
                    sentCount.incrementAndGet();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing only
                    if (sentCount.get() > 50_000) {
                        throw new IllegalStateException("updates never finished");
                    }
                }
            } catch (Throwable t) {
                senderFailures.add(t);
            }
        }, "test-ping-sender");
        sender.start();
        try {
            Bundle ping = PingBundle.get(context);
            for (int i = 0; i < updates; i++) {
                int before = sentCount.get();
                Poll.until("pings flowing before update " + (i + 1), ANSWER_MS,
                        () -> sentCount.get() >= before + 20 ? Boolean.TRUE : null);
                BundleRevision old = ping.adapt(BundleRevision.class);
                ping.update();
                assertEquals("state after update " + (i + 1), Bundle.ACTIVE, ping.getState());
                assertNotSame("update " + (i + 1) + " made no new revision", old, ping.adapt(BundleRevision.class));
            }
            int afterUpdates = sentCount.get();
            Poll.until("pings after the last update", ANSWER_MS,
                    () -> sentCount.get() >= afterUpdates + 20 ? Boolean.TRUE : null);
        } finally {
            updatesDone.set(true);
            sender.join(30_000);
        }
        assertFalse("sender still running", sender.isAlive());
        assertEquals("sender failed", List.of(), senderFailures);
        assertTrue("only " + sent.size() + " pings sent", sent.size() >= minPings);

        // Held stanzas wait at most hold.timeout (10 s) and then get an answer too: 15 s covers both.
        Poll.until(sent.size() + " answers", 15_000, () -> sent.stream().allMatch(id -> client.answer(id) != null)
                ? Boolean.TRUE : null, () -> "missing: " + first(sent.stream().filter(id -> client.answer(id) == null)
                .toList(), 20));
        return List.copyOf(sent);
    }

    private static String first(Collection<?> items, int n) {
        return items.stream().limit(n).map(String::valueOf).collect(Collectors.joining(", ", "[",
                items.size() > n ? ", ... " + (items.size() - n) + " more]" : "]"));
    }
}
