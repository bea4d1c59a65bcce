package im.confab.itest.e2e;

import im.confab.test.support.Distribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The heart of the mission: the ping plugin bundle is updated ten times from the shell while two clients keep
 * pinging and chatting. Nothing is lost, nothing is answered with an error, nobody is disconnected.
 */
class SwapE2EIT {
    @Test
    void tenUpdatesOfThePingBundleUnderTrafficLoseNothing() throws Exception {
        try (Distribution d = new Distribution("swap").start()) {
            assertEquals(0, d.ctl("confab:useradd", "alice", "a-pass").status());
            assertEquals(0, d.ctl("confab:useradd", "bob", "b-pass").status());
            String pingBundle = bundleId(d, "im.confab.sm.ping");

            XMPPTCPConnection alice = Clients.connect(d, "alice", "a-pass", "swap", "SCRAM-SHA-256");
            XMPPTCPConnection bob = Clients.connect(d, "bob", "b-pass", "swap", "SCRAM-SHA-256");
            List<String> dropped = new CopyOnWriteArrayList<>();
            for (XMPPTCPConnection c : List.of(alice, bob)) {
                c.addConnectionListener(new ConnectionListener() {
                    @Override
                    public void connectionClosedOnError(Exception e) {
                        dropped.add(c.getUser() + ": " + e);
                    }
                });
            }
            List<String> received = new CopyOnWriteArrayList<>();
            bob.addSyncStanzaListener((StanzaListener) s -> received.add(((Message) s).getBody()), // in order
                    StanzaTypeFilter.MESSAGE);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger pings = new AtomicInteger();
            List<String> pingFailures = new CopyOnWriteArrayList<>();
            List<String> sentBodies = new ArrayList<>();
            ConcurrentHashMap<Integer, Boolean> answered = new ConcurrentHashMap<>();
            Thread traffic = new Thread(() -> {
                int n = 0;
                while (running.get() && n < 100_000) {
                    n++;
                    try {
                        Ping ping = new Ping(JidCreate.domainBareFrom("localhost"));
                        IQ answer = alice.createStanzaCollectorAndSend(ping).nextResultOrThrow(20_000);
                        if (answer.getType() != IQ.Type.result) {
                            pingFailures.add("ping " + n + ": " + answer.toXML());
                        }
                        answered.put(n, true);
                        pings.incrementAndGet();
                        String body = "m" + n;
                        Message m = new Message(JidCreate.from("bob@localhost/swap"), body);
                        m.setType(Message.Type.chat);
                        alice.sendStanza(m);
                        synchronized (sentBodies) {
                            sentBodies.add(body);
                        }
                    } catch (Exception e) {
                        pingFailures.add("ping " + n + ": " + e);
                    }
                }
            }, "swap-traffic");
            traffic.start();

            for (int i = 0; i < 10; i++) {
                Thread.sleep(400);
                Distribution.Result r = d.ctl("update", pingBundle);
                assertEquals(0, r.status(), "update " + (i + 1) + ": " + r.output());
            }
            Thread.sleep(1000);
            running.set(false);
            traffic.join(30_000);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (received.size() < sentBodies.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), pingFailures, "pings answered with an error or not at all");
            assertTrue(pings.get() > 20, "too little traffic to mean anything: " + pings.get() + " pings");
            assertEquals(sentBodies.size(), received.size(), "every message arrives");
            assertTrue(sentBodies.equals(received), "in order");
            assertEquals(List.of(), dropped, "no session dropped");
            assertTrue(alice.isAuthenticated() && bob.isAuthenticated());
            // the traffic really met the swaps: some pings arrived while the plugin was away and were held for it
            java.util.regex.Matcher held = java.util.regex.Pattern.compile("is back: (\\d+) held stanza")
                    .matcher(d.log());
            int heldTotal = 0;
            int swaps = 0;
            while (held.find()) {
                swaps++;
                heldTotal += Integer.parseInt(held.group(1));
            }
            // ten updates, plus one when conf/xmpp.sm.ping.cfg reached the plugin at start-up
            assertTrue(swaps >= 10, "ten swaps seen by the session manager, saw " + swaps);
            assertTrue(heldTotal > 0, "no ping arrived during a swap; the test proved nothing");
            Distribution.Result plugins = d.ctl("confab:plugins");
            assertTrue(plugins.output().contains("PingHandler"), plugins.output());
            alice.disconnect();
            bob.disconnect();
        }
    }

    /** @return the bundle id of a symbolic name, from {@code lb -s} */
    static String bundleId(Distribution d, String bsn) throws Exception {
        Distribution.Result lb = d.ctl("lb", "-s");
        for (String line : lb.output().split("\n")) {
            String[] cols = line.split("\\|");
            if (cols.length >= 4 && cols[3].trim().startsWith(bsn + " ") || cols.length >= 4 && cols[3].trim().equals(bsn)) {
                return cols[0].trim();
            }
        }
        throw new AssertionError(bsn + " not found in:\n" + lb.output());
    }
}
