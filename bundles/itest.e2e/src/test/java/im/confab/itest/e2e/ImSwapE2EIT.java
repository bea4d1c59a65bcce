package im.confab.itest.e2e;

import im.confab.test.support.Distribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/** Hot swap of IM plugins that keep state in storage: nothing stored is lost, no roster push is lost. */
class ImSwapE2EIT {
    @Test
    void offlinePluginUpdatedWhileMessagesArriveStoresAndDeliversEveryOne() throws Exception {
        try (Distribution d = new Distribution("offline-swap").start()) {
            assertEquals(0, d.ctl("confab:useradd", "busy", "b-pw").status());
            assertEquals(0, d.ctl("confab:useradd", "away", "a-pw").status());
            String offline = SwapE2EIT.bundleId(d, "im.confab.sm.offline");
            XMPPTCPConnection busy = Clients.connect(d, "busy", "b-pw", "x", "SCRAM-SHA-256");
            List<String> errors = new CopyOnWriteArrayList<>();
            busy.addSyncStanzaListener((StanzaListener) s -> errors.add(s.toXML().toString()),
                    new AndFilter(StanzaTypeFilter.MESSAGE, s -> ((Message) s).getType() == Message.Type.error));
            AtomicBoolean running = new AtomicBoolean(true);
            List<String> sent = new ArrayList<>();
            Thread traffic = new Thread(() -> {
                for (int i = 1; running.get() && i <= 2000; i++) {
                    try {
                        Message m = new Message(JidCreate.from("away@localhost"), "m" + i);
                        m.setType(Message.Type.chat);
                        busy.sendStanza(m);
                        synchronized (sent) {
                            sent.add("m" + i);
                        }
                        Thread.sleep(5);
                    } catch (Exception e) {
                        errors.add(e.toString());
                    }
                }
            }, "offline-traffic");
            traffic.start();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(300);
                assertEquals(0, d.ctl("update", offline).status(), "update " + (i + 1));
            }
            running.set(false);
            traffic.join(30_000);
            int expected;
            synchronized (sent) {
                expected = sent.size();
            }
            Distribution.await("every message stored", 30, () -> storedTotal(d) >= expected);
            assertEquals(List.of(), errors, "no error caused by the swap");

            XMPPTCPConnection away = Clients.connectNoPresence(d, "away", "a-pw", "back");
            StanzaCollector got = away.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            away.sendStanza(new Presence(Presence.Type.available));
            Set<String> bodies = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < expected; i++) {
                Message m = got.nextResult(10_000);
                assertNotNull(m, "only " + bodies.size() + " of " + expected + " delivered");
                bodies.add(m.getBody());
            }
            assertEquals(expected, bodies.size(), "each message once");
            away.disconnect();
            busy.disconnect();
        }
    }

    /** Messages stored for the offline user, as the store counts them (across the plugin's versions). */
    static int storedTotal(Distribution d) {
        try {
            String out = d.ctl("confab:offline", "away").output().trim();
            return Integer.parseInt(out);
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void rosterPluginUpdatedWhileTheClientEditsItsRosterLosesNoPush() throws Exception {
        try (Distribution d = new Distribution("roster-swap").start()) {
            assertEquals(0, d.ctl("confab:useradd", "editor", "e-pw").status());
            String roster = SwapE2EIT.bundleId(d, "im.confab.sm.roster");
            XMPPTCPConnection editor = Clients.connect(d, "editor", "e-pw", "x", "SCRAM-SHA-256");
            Roster.getInstanceFor(editor).reloadAndWait();
            Set<String> pushed = ConcurrentHashMap.newKeySet();
            // Smack applies roster pushes and tells its listeners; a push is the only way an item gets there
            Roster.getInstanceFor(editor).addRosterListener(new org.jivesoftware.smack.roster.AbstractRosterListener() {
                @Override
                public void entriesAdded(java.util.Collection<org.jxmpp.jid.Jid> jids) {
                    jids.forEach(j -> pushed.add(j.toString()));
                }
            });
            List<String> failures = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<String> added = new CopyOnWriteArrayList<>();
            Thread edits = new Thread(() -> {
                for (int i = 1; running.get() && i <= 500; i++) {
                    String jid = "contact" + i + "@example.org";
                    try {
                        Roster.getInstanceFor(editor).createItem(JidCreate.bareFrom(jid), "c" + i, null);
                        added.add(jid);
                    } catch (Exception e) {
                        failures.add(jid + ": " + e);
                    }
                }
            }, "roster-edits");
            edits.start();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(400);
                assertEquals(0, d.ctl("update", roster).status(), "update " + (i + 1));
            }
            running.set(false);
            edits.join(60_000);
            assertEquals(List.of(), failures, "every roster set answered with a result");
            assertTrue(added.size() > 10, "too few edits to mean anything: " + added.size());
            try {
                Distribution.await("a push for every edit", 20, () -> pushed.containsAll(added));
            } catch (AssertionError e) {
                List<String> missing = new ArrayList<>(added);
                missing.removeAll(pushed);
                throw new AssertionError(e.getMessage() + ": " + missing.size() + " of " + added.size()
                        + " edits without a push, e.g. " + missing.subList(0, Math.min(5, missing.size())), e);
            }
            editor.disconnect();
        }
    }
}
