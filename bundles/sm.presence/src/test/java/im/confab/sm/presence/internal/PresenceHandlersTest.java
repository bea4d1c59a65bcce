package im.confab.sm.presence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore.Item;
import im.confab.api.store.RosterStore.Roster;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.xml.XmlElement;
import im.confab.sm.presence.internal.Fakes.FakeScheduler;
import im.confab.sm.presence.internal.Fakes.RecordingRouter;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryRosterStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

/** PresenceBroadcaster, DirectedPresence, ProbeHandler and UnavailableOnClose, RFC 6121 section 4. */
class PresenceHandlersTest {
    private static final Jid ROMEO = Jid.parse("romeo@example.net");      // remote
    private static final Jid NURSE = Jid.parse("nurse@example.com");      // local
    private static final Jid BENVOLIO = Jid.parse("benvolio@example.net"); // remote
    private static final Jid TYBALT = Jid.parse("tybalt@example.net");

    private final MemoryRosterStore store = new MemoryRosterStore();
    private final FakeSessionManager sessions = new FakeSessionManager("example.com");
    private final FakeSession balcony = new FakeSession("juliet@example.com/balcony", false);
    private final FakeSession chamber = new FakeSession("juliet@example.com/chamber", false);
    private PresenceBroadcaster broadcaster;
    private final DirectedPresence directed = new DirectedPresence();
    private ProbeHandler probes;

    @BeforeEach
    void setUp() {
        sessions.sessions.addAll(List.of(balcony, chamber));
        broadcaster = new PresenceBroadcaster(store, sessions);
        probes = new ProbeHandler(store, sessions);
        store.put("juliet", new Item(ROMEO, "Romeo", Subscription.both, false, false, false, List.of()));
        store.put("juliet", new Item(NURSE, "Nurse", Subscription.to, false, false, false, List.of()));
        store.put("juliet", new Item(BENVOLIO, "Ben", Subscription.from, true, false, false, List.of()));
        store.put("juliet", new Item(TYBALT, null, Subscription.none, false, true, false, List.of()));
    }

    private static Stanza presence(FakeSession from, String type, String show) {
        XmlElement.Builder b = XmlElement.builder("presence", "jabber:client").attribute("type", type)
                .attribute("id", "pr1").attribute("from", from.jid().toString());
        if (show != null) {
            b.textChild("show", show);
        }
        return Stanza.of(b.build());
    }

    private RecordingContext broadcast(Stanza p, FakeSession s) {
        RecordingContext ctx = new RecordingContext(s, Direction.FROM_CLIENT);
        assertEquals(Outcome.PASS, broadcaster.handle(p, ctx));
        return ctx;
    }

    // ---- broadcast

    @Test
    void initialPresenceGoesToSubscribersWithProbesAndPendingRequests() {
        chamber.attribute(PresenceState.AVAILABLE, true);
        chamber.attribute(PresenceState.LAST, presence(chamber, null, "dnd"));

        RecordingContext ctx = broadcast(presence(balcony, null, "away"), balcony);

        assertEquals(""
                // 4.2.2: to 'from' and 'both', the full XML from the full JID
                + "<presence id='pr1' from='juliet@example.com/balcony' to='romeo@example.net'><show>away</show>"
                + "</presence>\n"
                + "<presence id='pr1' from='juliet@example.com/balcony' to='benvolio@example.net'>"
                + "<show>away</show></presence>\n"
                // 4.3.1: probes to 'to' and 'both': remote from the bare JID, local from this resource
                + "<presence type='probe' from='juliet@example.com' to='romeo@example.net'/>\n"
                + "<presence type='probe' from='juliet@example.com/balcony' to='nurse@example.com'/>\n"
                // the account's other available resource
                + "<presence id='pr1' from='juliet@example.com/chamber' to='juliet@example.com/balcony'>"
                + "<show>dnd</show></presence>\n"
                // 3.1.3 rule 4: the pending request, to this resource
                + "<presence type='subscribe' from='tybalt@example.net' to='juliet@example.com/balcony'/>\n"
                // 3.1.2: the unanswered request to a remote contact, once more
                + "<presence type='subscribe' from='juliet@example.com' to='benvolio@example.net'/>\n",
                ctx.xml());
        assertEquals(Boolean.TRUE, balcony.attribute(PresenceState.AVAILABLE));
        assertEquals(presence(balcony, null, "away").toXml(), balcony.attribute(PresenceState.LAST).toXml());
        assertEquals(Set.of(TYBALT), balcony.attribute(PresenceState.REDELIVER));
    }

    @Test
    void laterPresenceOnlyGoesToSubscribers() {
        broadcast(presence(balcony, null, null), balcony);
        RecordingContext ctx = broadcast(presence(balcony, null, "xa"), balcony);
        assertEquals(""
                + "<presence id='pr1' from='juliet@example.com/balcony' to='romeo@example.net'><show>xa</show>"
                + "</presence>\n"
                + "<presence id='pr1' from='juliet@example.com/balcony' to='benvolio@example.net'><show>xa</show>"
                + "</presence>\n", ctx.xml());
    }

    @Test
    void unavailableGoesToSubscribersAndDirectedPresenceTargetsOnce() {
        broadcast(presence(balcony, null, null), balcony);
        directed(Stanza.presence().from(balcony.jid()).to(Jid.parse("room@muc.example.org/juliet")).build());
        directed(Stanza.presence().from(balcony.jid()).to(ROMEO).build());

        RecordingContext ctx = broadcast(presence(balcony, "unavailable", null), balcony);

        assertEquals(""
                + "<presence type='unavailable' id='pr1' from='juliet@example.com/balcony' to='romeo@example.net'/>\n"
                + "<presence type='unavailable' id='pr1' from='juliet@example.com/balcony'"
                + " to='benvolio@example.net'/>\n"
                + "<presence type='unavailable' id='pr1' from='juliet@example.com/balcony'"
                + " to='room@muc.example.org/juliet'/>\n", ctx.xml());
        assertNull(balcony.attribute(PresenceState.AVAILABLE));
        assertNull(balcony.attribute(PresenceState.LAST));
        assertNull(balcony.attribute(PresenceState.DIRECTED));
    }

    @Test
    void unavailableWithoutPresenceSessionGoesOnlyToDirectedTargets() {
        directed(Stanza.presence().from(balcony.jid()).to(Jid.parse("room@muc.example.org/juliet")).build());
        RecordingContext ctx = broadcast(presence(balcony, "unavailable", null), balcony);
        assertEquals("<presence type='unavailable' id='pr1' from='juliet@example.com/balcony'"
                + " to='room@muc.example.org/juliet'/>\n", ctx.xml());
    }

    @Test
    void directedPresenceIsLeftToDirectedPresence() {
        assertEquals("", broadcast(Stanza.presence().from(balcony.jid()).to(ROMEO).build(), balcony).xml());
    }

    // ---- directed presence

    private void directed(Stanza p) {
        assertEquals(Outcome.PASS, directed.handle(p, new RecordingContext(balcony, Direction.FROM_CLIENT)));
    }

    @Test
    void directedPresenceIsRememberedUntilDirectedUnavailable() {
        Jid room = Jid.parse("room@muc.example.org/juliet");
        directed(Stanza.presence().from(balcony.jid()).to(room).build());
        directed(Stanza.presence().from(balcony.jid()).to(chamber.jid()).build()); // own account: not tracked
        assertEquals(Set.of(room), balcony.attribute(PresenceState.DIRECTED));
        directed(Stanza.presence().type("unavailable").from(balcony.jid()).to(room).build());
        assertTrue(balcony.attribute(PresenceState.DIRECTED).isEmpty());
    }

    // ---- probes

    private RecordingContext probe(String from, String to) {
        Stanza p = Stanza.presence().type("probe").id("probe1").from(Jid.parse(from)).to(Jid.parse(to)).build();
        RecordingContext ctx = new RecordingContext(null);
        assertEquals(Outcome.HANDLED, probes.handle(p, ctx));
        return ctx;
    }

    @Test
    void aSubscriberLearnsTheLastPresenceOfEachAvailableResource() {
        broadcast(presence(balcony, null, "away"), balcony);
        broadcast(presence(chamber, null, null), chamber);
        assertEquals(""
                + "<presence id='pr1' from='juliet@example.com/balcony' to='romeo@example.net'><show>away</show>"
                + "</presence>\n"
                + "<presence id='pr1' from='juliet@example.com/chamber' to='romeo@example.net'/>\n",
                probe("romeo@example.net", "juliet@example.com").xml());
    }

    @Test
    void aSubscriberOfAnOfflineUserGetsUnavailableWithTheProbesId() {
        assertEquals("<presence type='unavailable' id='probe1' from='juliet@example.com' to='romeo@example.net'/>\n",
                probe("romeo@example.net", "juliet@example.com").xml());
    }

    @Test
    void someoneWithoutSubscriptionGetsUnsubscribed() {
        broadcast(presence(balcony, null, null), balcony);
        for (String prober : new String[] {"nurse@example.com/bed", "tybalt@example.net", "mercutio@example.org"}) {
            assertEquals("<presence type='unsubscribed' id='probe1' from='juliet@example.com' to='" + prober
                    + "'/>\n", probe(prober, "juliet@example.com").xml(), prober);
        }
    }

    @Test
    void aProbeOfAFullJidLearnsOnlyThatResourcesAvailability() {
        broadcast(presence(balcony, null, "away"), balcony);
        broadcast(presence(chamber, null, null), chamber);
        assertEquals("<presence from='juliet@example.com/balcony' to='romeo@example.net'/>\n",
                probe("romeo@example.net", "juliet@example.com/balcony").xml());
    }

    @Test
    void directedPresenceAllowsAProbeForMereAvailability() {
        broadcast(presence(balcony, null, "away"), balcony);
        Jid room = Jid.parse("room@muc.example.org/juliet");
        directed(Stanza.presence().from(balcony.jid()).to(room).build());
        assertEquals("<presence from='juliet@example.com/balcony' to='room@muc.example.org/juliet'/>\n",
                probe("room@muc.example.org/juliet", "juliet@example.com/balcony").xml());
    }

    @Test
    void theAccountMayProbeItself() {
        broadcast(presence(chamber, null, null), chamber);
        assertEquals("<presence id='pr1' from='juliet@example.com/chamber' to='juliet@example.com/balcony'/>\n",
                probe("juliet@example.com/balcony", "juliet@example.com").xml());
    }

    // ---- ungraceful end

    @Test
    void aSessionThatEndsWhileAvailableIsUnavailableToSubscribersAndDirectedTargets() {
        FakeScheduler scheduler = new FakeScheduler();
        RecordingRouter router = new RecordingRouter();
        UnavailableOnClose listener = new UnavailableOnClose(store, sessions, scheduler, router);
        broadcast(presence(balcony, null, null), balcony);
        directed(Stanza.presence().from(balcony.jid()).to(Jid.parse("room@muc.example.org/juliet")).build());
        sessions.sessions.remove(balcony);

        listener.sessionClosed(balcony);
        assertTrue(router.routed.isEmpty(), "nothing read or sent on the closing thread");
        scheduler.runAll();

        assertEquals(List.of(
                "<presence type='unavailable' from='juliet@example.com/balcony' to='romeo@example.net'/>",
                "<presence type='unavailable' from='juliet@example.com/balcony' to='benvolio@example.net'/>",
                "<presence type='unavailable' from='juliet@example.com/balcony' to='room@muc.example.org/juliet'/>"),
                router.routed.stream().map(Stanza::toXml).toList());
    }

    @Test
    void aSessionThatWasNotAvailableOrTookItsLeaveEndsQuietly() {
        FakeScheduler scheduler = new FakeScheduler();
        RecordingRouter router = new RecordingRouter();
        UnavailableOnClose listener = new UnavailableOnClose(store, sessions, scheduler, router);
        listener.sessionClosed(chamber);
        broadcast(presence(balcony, null, null), balcony);
        broadcast(presence(balcony, "unavailable", null), balcony);
        listener.sessionClosed(balcony);
        assertTrue(scheduler.pending.isEmpty());
    }

    @Test
    void aSessionReplacedByOneWithTheSameJidLeavesTheUnavailableToIt() {
        FakeScheduler scheduler = new FakeScheduler();
        RecordingRouter router = new RecordingRouter();
        UnavailableOnClose listener = new UnavailableOnClose(store, sessions, scheduler, router);
        broadcast(presence(balcony, null, null), balcony);
        FakeSession successor = new FakeSession("juliet@example.com/balcony", false);
        sessions.sessions.set(0, successor);
        listener.sessionClosed(balcony);
        broadcast(presence(successor, null, null), successor);
        scheduler.runAll();
        assertTrue(router.routed.isEmpty());
    }

    @Test
    void onTheConnectionThreadABroadcastNeedsTheRosterInMemoryElseItIsDeferred() {
        boolean[] inMemory = {false};
        MemoryRosterStore cachingStore = new MemoryRosterStore() {
            @Override
            public Roster cachedRoster(String user) {
                return inMemory[0] ? roster(user) : null;
            }
        };
        cachingStore.put("juliet", new Item(ROMEO, "Romeo", Subscription.both, false, false, false, List.of()));
        PresenceBroadcaster inline = new PresenceBroadcaster(cachingStore, sessions);
        RecordingContext ctx = new RecordingContext(balcony, Direction.FROM_CLIENT);
        ctx.mayBlock = false;
        assertEquals(Outcome.DEFER, inline.handle(presence(balcony, null, "away"), ctx));
        assertEquals(List.of(), ctx.sent);
        assertNull(balcony.attribute(PresenceState.AVAILABLE), "nothing changed before the queue runs it");
        inMemory[0] = true;
        assertEquals(Outcome.PASS, inline.handle(presence(balcony, null, "away"), ctx));
        assertEquals("<presence id='pr1' from='juliet@example.com/balcony' to='romeo@example.net'><show>away</show>"
                + "</presence>", ctx.sent.get(0).toXml());
        inMemory[0] = false;
        assertEquals(Outcome.DEFER, inline.handle(presence(balcony, "unavailable", null), ctx),
                "an available session's unavailable presence goes to its subscribers: the roster is needed");
    }

    @Test
    void runInlineByConfigurationAProbeLeavesTheStoreToItsQueue() {
        Stanza p = Stanza.presence().type("probe").from(ROMEO).to(Jid.parse("juliet@example.com")).build();
        RecordingContext ctx = new RecordingContext(null);
        ctx.mayBlock = false; // xmpp.processor.inline = true in its configuration: called on an event loop first
        assertEquals(Outcome.DEFER, probes.handle(p, ctx));
        assertTrue(ctx.sent.isEmpty());
    }
}
