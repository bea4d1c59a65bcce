package im.confab.sm.roster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore.Item;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.store.RosterXml;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryRosterStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

class RosterHandlerTest {
    private static final Jid JULIET = Jid.parse("juliet@example.com");
    private static final Jid NURSE = Jid.parse("nurse@example.com");
    private static final Jid ROMEO = Jid.parse("romeo@example.net");

    private final MemoryRosterStore store = new MemoryRosterStore();
    private final FakeSessionManager sessions = new FakeSessionManager("example.com");
    private final FakeSession balcony = new FakeSession("juliet@example.com/balcony", true);
    private final FakeSession chamber = new FakeSession("juliet@example.com/chamber", true);
    private final FakeSession garden = new FakeSession("juliet@example.com/garden", false);
    private final AtomicInteger ids = new AtomicInteger();
    private final Fakes.Iqs iqs = new Fakes.Iqs();
    private RosterHandler handler;

    @BeforeEach
    void setUp() {
        sessions.sessions.addAll(List.of(balcony, chamber, garden));
        // results follow their pushes at once here; the wait for the requester's answer has tests of its own
        handler = new RosterHandler(store, sessions, iqs, RosterHandler.limits(Fakes.config(3, 10, 10)),
                () -> "p" + ids.incrementAndGet(), RosterHandler.CANCEL_WAIT_MILLIS, 0);
    }

    private static Item item(Jid jid, String name, Subscription s, boolean ask, boolean in, boolean approved,
            String... groups) {
        return new Item(jid, name, s, ask, in, approved, List.of(groups));
    }

    private static Stanza iq(String type, String from, XmlElement query) {
        return Stanza.iq(type).id("r1").from(Jid.parse(from)).to(JULIET).child(query).build();
    }

    private static XmlElement query(XmlElement... items) {
        XmlElement.Builder q = XmlElement.builder("query", RosterXml.NAMESPACE);
        for (XmlElement i : items) {
            q.child(i);
        }
        return q.build();
    }

    private static XmlElement itemElement(String jid, String name, String... groups) {
        XmlElement.Builder b = XmlElement.builder("item", RosterXml.NAMESPACE).attribute("jid", jid)
                .attribute("name", name);
        for (String g : groups) {
            b.child(XmlElement.builder("group", RosterXml.NAMESPACE).text(g).build());
        }
        return b.build();
    }

    private RecordingContext run(Stanza iq, FakeSession origin) {
        RecordingContext ctx = new RecordingContext(origin);
        assertEquals(Outcome.HANDLED, handler.handle(iq, ctx));
        return ctx;
    }

    // ---- get

    @Test
    void getReturnsTheRosterWithVersionAndMakesTheResourceInterested() {
        store.put("juliet", item(ROMEO, "Romeo", Subscription.both, false, false, false, "Friends", "Lovers"));
        store.put("juliet", item(NURSE, "", Subscription.none, true, false, true));
        store.put("juliet", item(Jid.parse("tybalt@example.com"), null, Subscription.none, false, true, false));

        RecordingContext ctx = run(iq("get", "juliet@example.com/balcony", query()), balcony);

        assertEquals("<iq type='result' id='r1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='3'>"
                + "<item jid='romeo@example.net' name='Romeo' subscription='both'>"
                + "<group>Friends</group><group>Lovers</group></item>"
                + "<item jid='nurse@example.com' subscription='none' ask='subscribe' approved='true'/>"
                + "</query></iq>\n", ctx.xml(), "the pending request of tybalt is no roster item (3.1.3)");
        assertTrue(RosterXml.interested(balcony));
        assertFalse(RosterXml.interested(chamber));
    }

    @Test
    void emptyRosterIsAnEmptyQuery() {
        RecordingContext ctx = run(iq("get", "juliet@example.com/balcony", query()), balcony);
        assertEquals("<iq type='result' id='r1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='0'/></iq>\n", ctx.xml());
    }

    @Test
    void getWithTheCurrentVersionAnswersEmpty() {
        store.put("juliet", item(ROMEO, "Romeo", Subscription.both, false, false, false));
        Stanza get = iq("get", "juliet@example.com/balcony",
                XmlElement.builder("query", RosterXml.NAMESPACE).attribute("ver", "1").build());

        RecordingContext ctx = run(get, balcony);

        assertEquals("<iq type='result' id='r1' from='juliet@example.com' to='juliet@example.com/balcony'/>\n",
                ctx.xml());
        assertTrue(RosterXml.interested(balcony), "pushes follow as usual");
    }

    @Test
    void getWithAnOldOrEmptyVersionAnswersTheWholeRoster() {
        store.put("juliet", item(ROMEO, "Romeo", Subscription.both, false, false, false));
        store.put("juliet", item(NURSE, "Nurse", Subscription.none, false, false, false));
        for (String ver : new String[] {"1", ""}) {
            Stanza get = iq("get", "juliet@example.com/balcony",
                    XmlElement.builder("query", RosterXml.NAMESPACE).attribute("ver", ver).build());
            assertEquals("<iq type='result' id='r1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                    + "<query xmlns='jabber:iq:roster' ver='2'>"
                    + "<item jid='romeo@example.net' name='Romeo' subscription='both'/>"
                    + "<item jid='nurse@example.com' name='Nurse' subscription='none'/>"
                    + "</query></iq>\n", run(get, balcony).xml());
        }
    }

    @Test
    void anotherEntityMayNeitherReadNorChangeTheRoster() {
        for (String type : new String[] {"get", "set"}) {
            Stanza iq = Stanza.iq(type).id("ix7s53v2").from(Jid.parse("romeo@example.net/orchard")).to(JULIET)
                    .child(query(itemElement("nurse@example.com", null))).build();
            assertEquals("<iq type='error' id='ix7s53v2' from='juliet@example.com' to='romeo@example.net/orchard'>"
                    + "<query xmlns='jabber:iq:roster'><item jid='nurse@example.com'/></query>"
                    + "<error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>\n",
                    run(iq, null).xml());
        }
        assertTrue(store.roster("juliet").items().isEmpty());
    }

    @Test
    void aRosterRequestToTheServerItselfIsForbidden() {
        Stanza iq = Stanza.iq("get").id("x").from(balcony.jid()).to(Jid.domain("example.com")).child(query())
                .build();
        assertTrue(run(iq, balcony).xml().contains("<forbidden "));
    }

    // ---- set

    @Test
    void addStoresTheItemAnswersAndPushesToEveryInterestedResourceAndTheRequester() {
        chamber.attribute(RosterXml.INTERESTED, true);

        RecordingContext ctx = run(iq("set", "juliet@example.com/balcony",
                query(itemElement("nurse@example.com", "Nurse", "Servants"))), balcony);

        assertEquals(""
                + "<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='1'><item jid='nurse@example.com' name='Nurse'"
                + " subscription='none'><group>Servants</group></item></query></iq>\n"
                + "<iq type='set' id='p2' from='juliet@example.com' to='juliet@example.com/chamber'>"
                + "<query xmlns='jabber:iq:roster' ver='1'><item jid='nurse@example.com' name='Nurse'"
                + " subscription='none'><group>Servants</group></item></query></iq>\n"
                + "<iq type='result' id='r1' from='juliet@example.com' to='juliet@example.com/balcony'/>\n",
                ctx.xml());
        assertEquals(item(NURSE, "Nurse", Subscription.none, false, false, false, "Servants"),
                store.item("juliet", NURSE).orElseThrow());
    }

    @Test
    void updateReplacesNameAndGroupsButNotTheSubscriptionState() {
        store.put("juliet", item(ROMEO, "Romeo", Subscription.from, true, false, false, "Friends"));
        XmlElement set = XmlElement.builder("item", RosterXml.NAMESPACE).attribute("jid", "romeo@example.net")
                .attribute("subscription", "both").attribute("ask", "subscribe").attribute("approved", "true")
                .child(XmlElement.builder("group", RosterXml.NAMESPACE).text("Lovers").build()).build();

        RecordingContext ctx = run(iq("set", "juliet@example.com/balcony", query(set)), balcony);

        assertEquals(""
                + "<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='2'><item jid='romeo@example.net' subscription='from'"
                + " ask='subscribe'><group>Lovers</group></item></query></iq>\n"
                + "<iq type='result' id='r1' from='juliet@example.com' to='juliet@example.com/balcony'/>\n",
                ctx.xml());
        assertEquals(item(ROMEO, "", Subscription.from, true, false, false, "Lovers"),
                store.item("juliet", ROMEO).orElseThrow(), "2.4.1: no name given = the name removed");
    }

    @Test
    void addingSomeoneWhoseRequestIsPendingPutsThemInTheRosterAndKeepsTheRequest() {
        store.put("juliet", item(ROMEO, null, Subscription.none, false, true, false));
        run(iq("set", "juliet@example.com/balcony", query(itemElement("romeo@example.net", null))), balcony);
        Item stored = store.item("juliet", ROMEO).orElseThrow();
        assertTrue(RosterXml.inRoster(stored));
        assertTrue(stored.pendingIn());
    }

    @Test
    void setErrorsFollowRfc6121Section233() {
        assertError(query(itemElement("nurse@example.com", "Nurse"), itemElement("mother@example.com", "Mom")),
                "modify", "bad-request");
        assertError(query(), "modify", "bad-request");
        assertError(query(itemElement("nurse@example.com", "Nurse", "Servants", "Servants")), "modify",
                "bad-request");
        // the same group in another Unicode normalization form is a duplicate too
        assertError(query(itemElement("nurse@example.com", "Nurse", "Caf\u00e9", "Cafe\u0301")), "modify",
                "bad-request");
        assertError(query(itemElement("nurse@example.com", "Nurse", "")), "modify", "not-acceptable");
        assertError(query(itemElement("nurse@example.com", "Nurse", "Servants of the house")), "modify",
                "not-acceptable");
        assertError(query(itemElement("nurse@example.com", "The nurse of Juliet")), "modify", "not-acceptable");
        assertError(query(itemElement("juliet@example.com", "Me")), "cancel", "not-allowed");
        assertError(query(XmlElement.builder("item", RosterXml.NAMESPACE).attribute("name", "x").build()), "modify",
                "bad-request");
        assertError(query(itemElement("nurse@@example.com", "Nurse")), "modify", "jid-malformed");
        assertError(query(itemElement("nurse@example.com/bed", "Nurse")), "modify", "bad-request");
        assertTrue(store.roster("juliet").items().isEmpty());
    }

    private void assertError(XmlElement query, String type, String condition) {
        RecordingContext ctx = run(iq("set", "juliet@example.com/balcony", query), balcony);
        assertEquals(1, ctx.sent.size(), ctx.xml());
        String xml = ctx.xml();
        assertTrue(xml.startsWith("<iq type='error' id='r1' from='juliet@example.com' "
                + "to='juliet@example.com/balcony'>"), xml);
        assertTrue(xml.contains("<error type='" + type + "'><" + condition
                + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"), xml);
    }

    @Test
    void aFullRosterRefusesNewItemsButNotUpdates() {
        store.put("juliet", item(Jid.parse("a@example.com"), "", Subscription.none, false, false, false));
        store.put("juliet", item(Jid.parse("b@example.com"), "", Subscription.none, false, false, false));
        store.put("juliet", item(Jid.parse("c@example.com"), "", Subscription.none, false, false, false));

        RecordingContext full = run(iq("set", "juliet@example.com/balcony",
                query(itemElement("nurse@example.com", "Nurse"))), balcony);
        assertEquals("<iq type='error' id='r1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster'><item jid='nurse@example.com' name='Nurse'/></query>"
                + "<error type='modify'><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>roster full (3 items)</text>"
                + "</error></iq>\n", full.xml());

        RecordingContext update = run(iq("set", "juliet@example.com/balcony",
                query(itemElement("b@example.com", "Bee"))), balcony);
        assertEquals(List.of("set", "result"), update.sent.stream().map(Stanza::type).toList());
    }

    // ---- remove

    @Test
    void removeOfAMutualContactPushesAndEndsBothSubscriptions() {
        chamber.attribute(RosterXml.INTERESTED, true);
        store.put("juliet", item(ROMEO, "Romeo", Subscription.both, false, false, false, "Friends"));
        XmlElement remove = XmlElement.builder("item", RosterXml.NAMESPACE).attribute("jid", "romeo@example.net")
                .attribute("subscription", "remove").build();

        RecordingContext ctx = run(iq("set", "juliet@example.com/balcony", query(remove)), balcony);

        // the contact is told first: a new request the client sends after the result must come after these
        assertEquals(""
                + "<presence type='unsubscribe' from='juliet@example.com' to='romeo@example.net'/>\n"
                + "<presence type='unavailable' from='juliet@example.com/balcony' to='romeo@example.net'/>\n"
                + "<presence type='unavailable' from='juliet@example.com/chamber' to='romeo@example.net'/>\n"
                + "<presence type='unsubscribed' from='juliet@example.com' to='romeo@example.net'/>\n"
                + "<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='2'>"
                + "<item jid='romeo@example.net' subscription='remove'/></query></iq>\n"
                + "<iq type='set' id='p2' from='juliet@example.com' to='juliet@example.com/chamber'>"
                + "<query xmlns='jabber:iq:roster' ver='2'>"
                + "<item jid='romeo@example.net' subscription='remove'/></query></iq>\n"
                + "<iq type='result' id='r1' from='juliet@example.com' to='juliet@example.com/balcony'/>\n",
                ctx.xml());
        assertTrue(store.item("juliet", ROMEO).isEmpty());
    }

    @Test
    void theRemovalsResultWaitsUntilTheContactsSideTookTheCancellations() throws Exception {
        // sinttest's RosterIntegrationTest removes both ways, then subscribes: a cancellation still under way at
        // the other side cancelled the new request (plugin queues run in parallel; routing alone orders nothing)
        store.put("juliet", item(ROMEO, "Romeo", Subscription.both, false, false, false));
        ScheduledExecutorService contactSide = Executors.newSingleThreadScheduledExecutor();
        try {
            RecordingContext ctx = new RecordingContext(balcony);
            List<String> sentWhenDone = new CopyOnWriteArrayList<>();
            ctx.whenDone = s -> {
                CompletableFuture<Void> f = new CompletableFuture<>();
                contactSide.schedule(() -> {
                    sentWhenDone.add(s.type() + ": " + ctx.sent.size());
                    f.complete(null);
                }, 50, TimeUnit.MILLISECONDS);
                return f;
            };
            assertEquals(Outcome.HANDLED, handler.handle(iq("set", "juliet@example.com/balcony",
                    query(removal("romeo@example.net"))), ctx));
            // four presences were sent (unsubscribe, two unavailable, unsubscribed); the result not yet
            assertEquals(List.of("unsubscribe: 4", "unsubscribed: 4"), sentWhenDone);
            assertEquals(List.of("set", "result"), ctx.sent.subList(4, 6).stream().map(Stanza::type).toList());

            // a contact's side that never finishes delays the result by the bound only
            store.put("juliet", item(ROMEO, "Romeo", Subscription.to, false, false, false));
            RecordingContext stuck = new RecordingContext(balcony);
            stuck.whenDone = s -> new CompletableFuture<>();
            RosterHandler bounded = new RosterHandler(store, sessions, iqs,
                    RosterHandler.limits(Fakes.config(3, 10, 10)), () -> "q", 100, 0);
            assertEquals(Outcome.HANDLED, bounded.handle(iq("set", "juliet@example.com/balcony",
                    query(removal("romeo@example.net"))), stuck));
            assertEquals(List.of("unsubscribe", "set", "result"), stuck.sent.stream().map(Stanza::type).toList());
        } finally {
            contactSide.shutdownNow();
        }
    }

    @Test
    void theResultWaitsUntilTheRequesterAnsweredItsPushWithoutHoldingTheQueue() throws Exception {
        // Smack answers an iq result at once but applies a push on another thread: a result sent before the
        // push was applied let sinttest see a removed contact still in the roster and skip a new subscription
        chamber.attribute(RosterXml.INTERESTED, true);
        RosterHandler waiting = new RosterHandler(store, sessions, iqs, RosterHandler.limits(Fakes.config(3, 10, 10)),
                () -> "p" + ids.incrementAndGet(), RosterHandler.CANCEL_WAIT_MILLIS, 5);

        RecordingContext ctx = new RecordingContext(balcony);
        assertEquals(Outcome.HANDLED, waiting.handle(iq("set", "juliet@example.com/balcony",
                query(itemElement("nurse@example.com", "Nurse"))), ctx));

        // the requester's push is a request of its own, with the bound; the other resource's is sent as usual
        assertEquals(1, iqs.requests.size());
        Stanza push = iqs.requests.keySet().iterator().next();
        assertEquals("juliet@example.com/balcony", push.to().toString());
        assertEquals("juliet@example.com", push.from().toString());
        assertEquals(5L, iqs.timeouts.get(0));
        assertEquals(List.of("p2 to juliet@example.com/chamber"),
                ctx.sent.stream().map(s -> s.id() + " to " + s.to()).toList(), "no result yet");

        iqs.requests.get(push).complete(push.resultReply()); // balcony answers its push
        assertEquals("result", ctx.sent.get(1).type());
        assertEquals("r1", ctx.sent.get(1).id());
        assertEquals(2, ctx.sent.size());
    }

    @Test
    void aRequesterThatNeverAnswersItsPushStillGetsTheResultAfterTheBound() throws Exception {
        store.put("juliet", item(ROMEO, "Romeo", Subscription.none, false, false, false));
        RosterHandler waiting = new RosterHandler(store, sessions, iqs, RosterHandler.limits(Fakes.config(3, 10, 10)),
                () -> "p" + ids.incrementAndGet(), RosterHandler.CANCEL_WAIT_MILLIS, 5);
        RecordingContext ctx = new RecordingContext(balcony);
        waiting.handle(iq("set", "juliet@example.com/balcony", query(removal("romeo@example.net"))), ctx);
        assertTrue(ctx.sent.isEmpty(), ctx.xml());

        // what the IqClient does when the bound passes (or the answer is an error): the result goes all the same
        iqs.requests.values().iterator().next().completeExceptionally(new TimeoutException());
        assertEquals(List.of("result"), ctx.sent.stream().map(Stanza::type).toList());
        assertTrue(store.item("juliet", ROMEO).isEmpty(), "the removal is made whatever the client answers");
    }

    @Test
    void runInlineItDefersToItsQueue() {
        RecordingContext inline = new RecordingContext(balcony);
        inline.mayBlock = false;
        assertEquals(Outcome.DEFER, handler.handle(iq("get", "juliet@example.com/balcony", query()), inline));
        assertTrue(inline.sent.isEmpty());
    }

    private static XmlElement removal(String jid) {
        return XmlElement.builder("item", RosterXml.NAMESPACE).attribute("jid", jid)
                .attribute("subscription", "remove").build();
    }

    @Test
    void removeSendsOnlyWhatTheSubscriptionRequires() {
        XmlElement remove = XmlElement.builder("item", RosterXml.NAMESPACE).attribute("jid", "romeo@example.net")
                .attribute("subscription", "remove").build();
        store.put("juliet", item(ROMEO, "Romeo", Subscription.to, false, false, false));
        List<Stanza> sent = run(iq("set", "juliet@example.com/balcony", query(remove)), balcony).sent;
        assertEquals("<presence type='unsubscribe' from='juliet@example.com' to='romeo@example.net'/>",
                sent.get(0).toXml());
        assertEquals(3, sent.size(), "unsubscribe, result, push");

        store.put("juliet", item(ROMEO, "Romeo", Subscription.none, false, false, false));
        assertEquals(2, run(iq("set", "juliet@example.com/balcony", query(remove)), balcony).sent.size(),
                "result and push only");

        store.put("juliet", item(ROMEO, "Romeo", Subscription.none, true, true, false));
        sent = run(iq("set", "juliet@example.com/balcony", query(remove)), balcony).sent;
        assertEquals("<presence type='unsubscribe' from='juliet@example.com' to='romeo@example.net'/>",
                sent.get(0).toXml(), "cancels the pending request");
        assertEquals("<presence type='unsubscribed' from='juliet@example.com' to='romeo@example.net'/>",
                sent.get(1).toXml(), "denies the pending request");
    }

    @Test
    void removingWhatIsNotInTheRosterIsItemNotFound() {
        store.put("juliet", item(ROMEO, null, Subscription.none, false, true, false)); // a pending request only
        for (String jid : new String[] {"nurse@example.com", "romeo@example.net"}) {
            XmlElement remove = XmlElement.builder("item", RosterXml.NAMESPACE).attribute("jid", jid)
                    .attribute("subscription", "remove").build();
            String xml = run(iq("set", "juliet@example.com/balcony", query(remove)), balcony).xml();
            assertTrue(xml.contains("<error type='cancel'><item-not-found "), xml);
        }
        assertTrue(store.item("juliet", ROMEO).isPresent());
    }

    @Test
    void storageFailureIsAnInternalServerError() {
        store.broken = true;
        String xml = run(iq("get", "juliet@example.com/balcony", query()), balcony).xml();
        assertTrue(xml.contains("<error type='cancel'><internal-server-error "), xml);
    }

    @Test
    void configurationIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> RosterHandler.limits(Fakes.config(0, 10, 10)));
        assertThrows(IllegalArgumentException.class, () -> RosterHandler.pushAnswerSeconds(Fakes.config(1, 1, 1, -1)));
        assertThrows(IllegalArgumentException.class, () -> RosterHandler.pushAnswerSeconds(Fakes.config(1, 1, 1, 301)));
        assertEquals(0, RosterHandler.pushAnswerSeconds(Fakes.config(1, 1, 1, 0)));
        assertEquals(5, RosterHandler.pushAnswerSeconds(Fakes.config(1, 1, 1)));
        assertEquals(new RosterSet.Limits(1000, 1024, 1024), RosterHandler.limits(Fakes.config(1000, 1024, 1024)));
    }
}
