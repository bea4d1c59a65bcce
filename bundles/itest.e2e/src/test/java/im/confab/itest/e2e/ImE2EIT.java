package im.confab.itest.e2e;

import im.confab.test.support.Distribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/** The IM core against the distribution with Smack: roster and presence, offline delivery, blocking, vCards. */
class ImE2EIT {
    static Distribution server;

    @BeforeAll
    static void start() throws Exception {
        server = new Distribution("im").start();
        for (String u : List.of("romeo", "juliet", "nurse", "tybalt", "paris", "mercutio", "benvolio", "rosaline",
                "balthasar", "montague", "capulet")) {
            assertEquals(0, server.ctl("confab:useradd", u, u + "-pw").status());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static XMPPTCPConnection login(String user, String resource) throws Exception {
        return Clients.connect(server, user, user + "-pw", resource, "SCRAM-SHA-256");
    }

    static EntityBareJid bare(String user) throws Exception {
        return JidCreate.entityBareFrom(user + "@localhost");
    }

    static Message chat(String to, String body) throws Exception {
        Message m = new Message(JidCreate.from(to), body);
        m.setType(Message.Type.chat);
        return m;
    }

    @Test
    void subscriptionHandshakeGivesBothAndPresenceIsSeenBothWays() throws Exception {
        XMPPTCPConnection romeo = login("romeo", "balcony");
        XMPPTCPConnection juliet = login("juliet", "chamber");
        try {
            Roster.getInstanceFor(juliet).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            Roster.getInstanceFor(romeo).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            Roster.getInstanceFor(romeo).createItemAndRequestSubscription(bare("juliet"), "Juliet",
                    new String[] {"Capulets"});
            Roster.getInstanceFor(juliet).createItemAndRequestSubscription(bare("romeo"), "Romeo", new String[0]);
            try {
                Distribution.await("both subscriptions", 15, () -> type(romeo, "juliet") == RosterPacket.ItemType.both
                        && type(juliet, "romeo") == RosterPacket.ItemType.both);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": romeo sees " + Roster.getInstanceFor(romeo).getEntry(
                        bare("juliet")) + ", juliet sees " + Roster.getInstanceFor(juliet).getEntry(bare("romeo")), e);
            }
            RosterEntry entry = Roster.getInstanceFor(romeo).getEntry(bare("juliet"));
            assertEquals("Juliet", entry.getName());
            assertEquals(List.of("Capulets"), entry.getGroups().stream().map(g -> g.getName()).toList());

            // presence both ways, with the priority the client set
            Presence p = new Presence(Presence.Type.available, "at the window", 7, Presence.Mode.available);
            juliet.sendStanza(p);
            Distribution.await("juliet's presence at romeo", 15, () -> {
                Presence seen = Roster.getInstanceFor(romeo).getPresence(bareQuiet("juliet"));
                return seen.isAvailable() && "at the window".equals(seen.getStatus()) && seen.getPriority() == 7;
            });
            Distribution.await("romeo's presence at juliet", 15,
                    () -> Roster.getInstanceFor(juliet).getPresence(bareQuiet("romeo")).isAvailable());

            // going offline is seen too
            romeo.disconnect();
            Distribution.await("romeo unavailable at juliet", 15,
                    () -> !Roster.getInstanceFor(juliet).getPresence(bareQuiet("romeo")).isAvailable());
        } finally {
            juliet.disconnect();
            if (romeo.isConnected()) {
                romeo.disconnect();
            }
        }
    }

    @Test
    void aRequestRightAfterAnEarlierOneWasRefusedIsApproved() throws Exception {
        // sinttest's RosterIntegrationTest, two tests in a row: a request that the contact's client refuses on its
        // own (Smack's default reject_all), then the same request again, now approved. The refusal reached the
        // server first, but went on to the requester's roster on another plugin queue than the new request:
        // applied after it, it cancelled the new request, and the approval was dropped. It takes a busy queue to
        // lose the race, which this test seldom meets; SubscriptionHandlersTest pins the order down.
        XMPPTCPConnection one = login("mercutio", "street");
        XMPPTCPConnection two = login("benvolio", "square");
        try {
            Roster rosterOne = Roster.getInstanceFor(one);
            Roster rosterTwo = Roster.getInstanceFor(two);
            for (int round = 0; round < 10; round++) {
                rosterTwo.setSubscriptionMode(Roster.SubscriptionMode.reject_all);
                CountDownLatch refused = new CountDownLatch(1);
                StanzaListener refusal = x -> refused.countDown();
                two.addStanzaSendingListener(refusal, x -> x instanceof Presence p
                        && p.getType() == Presence.Type.unsubscribed);
                try {
                    one.sendStanza(subscribe(one, "benvolio"));
                    assertTrue(refused.await(10, TimeUnit.SECONDS), "round " + round + ": the refusal");
                } finally {
                    two.removeStanzaSendingListener(refusal);
                }
                // the server has read the refusal (a round trip after it on the same stream), as it had when the
                // next sinttest began
                assertTrue(PingManager.getInstanceFor(two).pingMyServer());
                // at once, as the next sinttest does: clean up what the local roster shows, then ask again
                RosterEntry e = rosterOne.getEntry(bare("benvolio"));
                if (e != null) {
                    rosterOne.removeEntry(e);
                }
                rosterTwo.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
                StanzaCollector approvals = one.createStanzaCollector(
                        s -> s instanceof Presence p && p.getType() == Presence.Type.subscribed);
                try {
                    one.sendStanza(subscribe(one, "benvolio"));
                    assertNotNull(approvals.nextResult(10_000), "round " + round + ": benvolio's approval");
                } finally {
                    approvals.cancel();
                }
                Distribution.await("the subscription", 15, () -> type(one, "benvolio") == RosterPacket.ItemType.to);
                rosterOne.removeEntry(rosterOne.getEntry(bare("benvolio")));
                Distribution.await("clean rosters", 15, () -> type(one, "benvolio") == null);
            }
        } finally {
            one.disconnect();
            two.disconnect();
        }
    }

    @Test
    void aRequestAskedAgainWhileTheFirstWaitsIsDeliveredAgain() throws Exception {
        // sinttest's EntityCapsTest after RosterIntegrationTest left a request unanswered: the user asks again
        // and the contact's client, which ignored the first one, approves the second (RFC 6121 3.1.3)
        XMPPTCPConnection one = login("rosaline", "garden");
        XMPPTCPConnection two = login("balthasar", "mantua");
        try {
            Roster rosterTwo = Roster.getInstanceFor(two);
            rosterTwo.setSubscriptionMode(Roster.SubscriptionMode.manual); // no listener: the request waits
            StanzaCollector requests = two.createStanzaCollector(
                    s -> s instanceof Presence p && p.getType() == Presence.Type.subscribe);
            try {
                one.sendStanza(subscribe(one, "balthasar"));
                assertNotNull(requests.nextResult(10_000), "the first request");
                one.sendStanza(subscribe(one, "balthasar"));
                assertNotNull(requests.nextResult(10_000), "the same request again, while the first waits");
            } finally {
                requests.cancel();
            }
            rosterTwo.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            one.sendStanza(subscribe(one, "balthasar"));
            Distribution.await("the subscription", 15, () -> type(one, "balthasar") == RosterPacket.ItemType.to);
        } finally {
            one.disconnect();
            two.disconnect();
        }
    }

    static Presence subscribe(XMPPTCPConnection from, String to) throws Exception {
        return from.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribe).to(bare(to)).build();
    }

    static BareJid bareQuiet(String user) {
        try {
            return bare(user);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RosterPacket.ItemType type(XMPPTCPConnection c, String user) {
        RosterEntry e = Roster.getInstanceFor(c).getEntry(bareQuiet(user));
        return e == null ? null : e.getType();
    }

    @Test
    void aRosterChangeIsInTheClientsRosterOnceItsResultArrives() throws Exception {
        // Smack wakes the caller on a roster set's result at once but applies the push on another thread, behind
        // the presences it is still handing out: with the result sent before the push had been answered, one
        // removal in about 16 still showed the contact, and sinttest's helpers then skipped a subscription
        XMPPTCPConnection montague = login("montague", "verona");
        XMPPTCPConnection capulet = login("capulet", "verona");
        try {
            Roster mr = Roster.getInstanceFor(montague);
            Roster cr = Roster.getInstanceFor(capulet);
            mr.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            cr.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
            // Smack applies the login's roster result on another thread than pushes: a push applied first would
            // be undone by the older, empty result (seen once in CI as a round 0 that never reached both)
            Distribution.await("the rosters of the login", 15, () -> mr.isLoaded() && cr.isLoaded());
            List<String> stale = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 40; i++) {
                mr.createItemAndRequestSubscription(bare("capulet"), "Capulet", new String[0]);
                cr.createItemAndRequestSubscription(bare("montague"), "Montague", new String[0]);
                try {
                    Distribution.await("both subscriptions", 15,
                            () -> type(montague, "capulet") == RosterPacket.ItemType.both
                                    && type(capulet, "montague") == RosterPacket.ItemType.both);
                } catch (AssertionError e) {
                    throw new AssertionError("round " + i + ": " + e.getMessage() + ": montague sees "
                            + mr.getEntry(bare("capulet")) + ", capulet sees " + cr.getEntry(bare("montague")), e);
                }
                mr.removeEntry(mr.getEntry(bare("capulet")));
                if (mr.getEntry(bare("capulet")) != null) {
                    stale.add("round " + i + ": montague's removal of capulet");
                }
                RosterEntry left = cr.getEntry(bare("montague"));
                if (left != null) { // its subscription is gone, the item stays until its owner removes it
                    cr.removeEntry(left);
                    if (cr.getEntry(bare("montague")) != null) {
                        stale.add("round " + i + ": capulet's removal of montague");
                    }
                }
            }
            assertEquals(List.of(), stale, "removed items still in the client's roster when the result came");
        } finally {
            montague.disconnect();
            capulet.disconnect();
        }
    }

    @Test
    void bareJidMessagesGoToTheHighestPriorityResource() throws Exception {
        XMPPTCPConnection high = login("paris", "high");
        XMPPTCPConnection low = login("paris", "low");
        XMPPTCPConnection sender = login("tybalt", "x");
        try {
            high.sendStanza(new Presence(Presence.Type.available, null, 10, Presence.Mode.available));
            low.sendStanza(new Presence(Presence.Type.available, null, 1, Presence.Mode.available));
            List<String> atHigh = new CopyOnWriteArrayList<>();
            List<String> atLow = new CopyOnWriteArrayList<>();
            high.addSyncStanzaListener((StanzaListener) s -> atHigh.add(((Message) s).getBody()), StanzaTypeFilter.MESSAGE);
            low.addSyncStanzaListener((StanzaListener) s -> atLow.add(((Message) s).getBody()), StanzaTypeFilter.MESSAGE);
            Thread.sleep(300); // the priorities above are processed before this message in any case: same server,
            // but from other connections; a short pause keeps the test about delivery rules, not races
            sender.sendStanza(chat("paris@localhost", "to the best resource"));
            Distribution.await("message at the high-priority resource", 10, () -> atHigh.size() == 1);
            Thread.sleep(300);
            assertEquals(List.of(), atLow);
        } finally {
            high.disconnect();
            low.disconnect();
            sender.disconnect();
        }
    }

    @Test
    void offlineMessagesArriveWithDelayStampsAfterLogin() throws Exception {
        XMPPTCPConnection sender = login("tybalt", "sender");
        try {
            for (int i = 1; i <= 3; i++) {
                sender.sendStanza(chat("nurse@localhost", "while you were out " + i));
            }
            Distribution.await("3 messages stored", 15, () -> storedOffline() >= 3);
        } finally {
            sender.disconnect();
        }
        XMPPTCPConnection nurse = Clients.connectNoPresence(server, "nurse", "nurse-pw", "later");
        try {
            StanzaCollector got = nurse.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            nurse.sendStanza(new Presence(Presence.Type.available));
            for (int i = 1; i <= 3; i++) {
                Message m = got.nextResult(10_000);
                assertNotNull(m, "offline message " + i);
                assertEquals("while you were out " + i, m.getBody());
                DelayInformation delay = DelayInformation.from(m);
                assertNotNull(delay, "XEP-0203 delay stamp");
                assertEquals("localhost", delay.getFrom());
            }
            assertNull(got.nextResult(500), "each message once");
            got.cancel();
        } finally {
            nurse.disconnect();
        }
    }

    /** The offline plugin's handled count, from confab:plugins. */
    static int storedOffline() {
        return storedOffline(server);
    }

    static int storedOffline(Distribution d) {
        try {
            for (String line : d.ctl("confab:plugins").output().split("\n")) {
                if (line.startsWith("postprocessor") && line.toLowerCase().contains("offline")) {
                    // STAGE PLUGIN BUNDLE(id name version) HANDLED QUEUED HELD INTEREST
                    return Integer.parseInt(line.trim().split("\\s+")[5]);
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return 0;
    }

    @Test
    void blockingWorksBothWays() throws Exception {
        XMPPTCPConnection romeo = login("romeo", "blocker");
        XMPPTCPConnection tybalt = login("tybalt", "enemy");
        try {
            BlockingCommandManager.getInstanceFor(romeo).blockContacts(List.of(bare("tybalt")));
            List<String> atRomeo = new CopyOnWriteArrayList<>();
            romeo.addSyncStanzaListener((StanzaListener) s -> {
                if (((Message) s).getType() != Message.Type.error) { // romeo's own bounced message is not tybalt's
                    atRomeo.add(((Message) s).getBody());
                }
            }, StanzaTypeFilter.MESSAGE);
            tybalt.sendStanza(chat("romeo@localhost/blocker", "draw!"));
            StanzaCollector bounce = romeo.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            romeo.sendStanza(chat("tybalt@localhost/enemy", "I will not"));
            Message error = bounce.nextResult(10_000);
            assertNotNull(error, "the blocker's own message to a blocked contact comes back as an error");
            assertEquals(Message.Type.error, error.getType());
            assertEquals("not-acceptable", error.getError().getCondition().toString());
            Thread.sleep(500);
            assertEquals(List.of(), atRomeo, "nothing from a blocked contact arrives");
            BlockingCommandManager.getInstanceFor(romeo).unblockAll();
            tybalt.sendStanza(chat("romeo@localhost/blocker", "truce?"));
            Distribution.await("messages flow again after unblock", 10, () -> atRomeo.contains("truce?"));
        } finally {
            romeo.disconnect();
            tybalt.disconnect();
        }
    }

    @Test
    void vcardsAreStoredAndServedAndEveryPluginIsInDisco() throws Exception {
        XMPPTCPConnection juliet = login("juliet", "vcard");
        XMPPTCPConnection romeo = login("romeo", "reader");
        try {
            VCard mine = new VCard();
            mine.setFirstName("Juliet");
            mine.setLastName("Capulet");
            VCardManager.getInstanceFor(juliet).saveVCard(mine);
            VCard read = VCardManager.getInstanceFor(romeo).loadVCard(bare("juliet"));
            assertEquals("Juliet", read.getFirstName());
            assertEquals("Capulet", read.getLastName());

            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(romeo)
                    .discoverInfo(JidCreate.domainBareFrom("localhost"));
            Set<String> features = info.getFeatures().stream().map(DiscoverInfo.Feature::getVar)
                    .collect(Collectors.toSet());
            for (String f : List.of("http://jabber.org/protocol/disco#info", "urn:xmpp:ping", "vcard-temp",
                    "jabber:iq:version", "urn:xmpp:time", "jabber:iq:last", "msgoffline", "urn:xmpp:blocking")) {
                assertTrue(features.contains(f), f + " missing from " + features);
            }
        } finally {
            juliet.disconnect();
            romeo.disconnect();
        }
    }
}
