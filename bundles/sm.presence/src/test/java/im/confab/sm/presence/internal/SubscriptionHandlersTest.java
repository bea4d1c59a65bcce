package im.confab.sm.presence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore.Item;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.store.RosterXml;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryAccountStore;
import im.confab.test.support.MemoryRosterStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** OutboundSubscriptions and InboundSubscriptions with exact XML, RFC 6121 section 3. */
class SubscriptionHandlersTest {
    private static final Jid ROMEO = Jid.parse("romeo@example.net");
    private static final Jid JULIET = Jid.parse("juliet@example.com");

    private final MemoryRosterStore store = new MemoryRosterStore();
    private final FakeSessionManager sessions = new FakeSessionManager("example.com");
    private final FakeSession balcony = new FakeSession("juliet@example.com/balcony", true);
    private final FakeSession chamber = new FakeSession("juliet@example.com/chamber", true);
    private final AtomicInteger ids = new AtomicInteger();
    private OutboundSubscriptions outbound;
    private InboundSubscriptions inbound;

    @BeforeEach
    void setUp() {
        sessions.sessions.addAll(List.of(balcony, chamber));
        balcony.attribute(RosterXml.INTERESTED, true);
        Subscriptions subs = new Subscriptions(store, sessions, () -> "p" + ids.incrementAndGet());
        outbound = new OutboundSubscriptions(subs);
        inbound = new InboundSubscriptions(subs, sessions, new MemoryAccountStore("juliet"));
    }

    private static Item item(Subscription s, boolean ask, boolean in, boolean approved) {
        return new Item(ROMEO, "Romeo", s, ask, in, approved, List.of());
    }

    private static Stanza fromJuliet(String type, String to) {
        return Stanza.presence().type(type).id("s1").from(Jid.parse("juliet@example.com/balcony"))
                .to(Jid.parse(to)).build();
    }

    private static Stanza toJuliet(String type, String to) {
        return Stanza.presence().type(type).id("s2").from(ROMEO).to(Jid.parse(to)).build();
    }

    private RecordingContext out(Stanza p) {
        RecordingContext ctx = new RecordingContext(balcony, Direction.FROM_CLIENT);
        assertEquals(Outcome.HANDLED, outbound.handle(p, ctx));
        return ctx;
    }

    private RecordingContext in(Stanza p, Outcome expected) {
        RecordingContext ctx = new RecordingContext(null);
        assertEquals(expected, inbound.handle(p, ctx));
        return ctx;
    }

    @Test
    void theQueueTakesNoFurtherSubscriptionUntilTheContactsSideIsDoneWithThisOne() throws Exception {
        // a refusal received before a new request must reach the requester's roster before it: the two go on to
        // the contact's roster on another plugin queue, so this one waits (sinttest's RosterIntegrationTest)
        ScheduledExecutorService contactSide = Executors.newSingleThreadScheduledExecutor();
        try {
            RecordingContext ctx = new RecordingContext(balcony, Direction.FROM_CLIENT);
            List<String> done = new CopyOnWriteArrayList<>();
            ctx.whenDone = s -> {
                CompletableFuture<Void> f = new CompletableFuture<>();
                contactSide.schedule(() -> {
                    done.add(s.type() + " to " + s.to());
                    f.complete(null);
                }, 50, TimeUnit.MILLISECONDS);
                return f;
            };
            assertEquals(Outcome.HANDLED, outbound.handle(fromJuliet("subscribe", "romeo@example.net"), ctx));
            assertEquals(List.of("subscribe to romeo@example.net"), done, "returned only after the contact's side");

            // a contact's side that never finishes holds the queue for the bound only
            OutboundSubscriptions bounded = new OutboundSubscriptions(
                    new Subscriptions(store, sessions, () -> "q"), new AccountLocks(), 100);
            RecordingContext stuck = new RecordingContext(balcony, Direction.FROM_CLIENT);
            stuck.whenDone = s -> new CompletableFuture<>();
            assertEquals(Outcome.HANDLED, bounded.handle(fromJuliet("unsubscribe", "romeo@example.net"), stuck));
            assertEquals("unsubscribe", stuck.sent.get(0).type());

            RecordingContext inline = new RecordingContext(balcony, Direction.FROM_CLIENT);
            inline.mayBlock = false;
            assertEquals(Outcome.DEFER, outbound.handle(fromJuliet("subscribe", "nurse@example.com"), inline));
            assertTrue(inline.sent.isEmpty());
        } finally {
            contactSide.shutdownNow();
        }
    }

    private static void available(FakeSession s, String show) {
        s.attribute(PresenceState.AVAILABLE, true);
        XmlElement.Builder b = XmlElement.builder("presence", "jabber:client").attribute("id", "a-" + s.jid()
                .resource()).attribute("from", s.jid().toString());
        if (show != null) {
            b.textChild("show", show);
        }
        s.attribute(PresenceState.LAST, Stanza.of(b.build()));
    }

    // ---- outbound

    @Test
    void subscribeIsRoutedFromTheBareJidAndPushedAsPending() {
        RecordingContext ctx = out(fromJuliet("subscribe", "romeo@example.net/orchard"));
        assertEquals(""
                + "<presence type='subscribe' id='s1' from='juliet@example.com' to='romeo@example.net'/>\n"
                + "<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='1'>"
                + "<item jid='romeo@example.net' subscription='none' ask='subscribe'/></query></iq>\n", ctx.xml());
        assertEquals(new Item(ROMEO, "", Subscription.none, true, false, false, List.of()),
                store.item("juliet", ROMEO).orElseThrow());
    }

    @Test
    void subscribedWithoutARequestIsAPreApprovalNotRouted() {
        RecordingContext ctx = out(fromJuliet("subscribed", "romeo@example.net"));
        assertEquals("<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='1'>"
                + "<item jid='romeo@example.net' subscription='none' approved='true'/></query></iq>\n", ctx.xml());
    }

    @Test
    void approvalIsRoutedPushedAndFollowedByTheUsersPresence() {
        store.put("juliet", item(Subscription.to, false, true, false));
        available(balcony, "away");
        available(chamber, null);

        RecordingContext ctx = out(fromJuliet("subscribed", "romeo@example.net"));

        assertEquals(""
                + "<presence type='subscribed' id='s1' from='juliet@example.com' to='romeo@example.net'/>\n"
                + "<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='2'>"
                + "<item jid='romeo@example.net' name='Romeo' subscription='both'/></query></iq>\n"
                + "<presence id='a-balcony' from='juliet@example.com/balcony' to='romeo@example.net'>"
                + "<show>away</show></presence>\n"
                + "<presence id='a-chamber' from='juliet@example.com/chamber' to='romeo@example.net'/>\n",
                ctx.xml());
    }

    @Test
    void cancellingASubscriptionSendsUnavailableFirst() {
        store.put("juliet", item(Subscription.both, false, false, false));
        available(balcony, null);

        RecordingContext ctx = out(fromJuliet("unsubscribed", "romeo@example.net"));

        assertEquals(""
                + "<presence type='unavailable' from='juliet@example.com/balcony' to='romeo@example.net'/>\n"
                + "<presence type='unsubscribed' id='s1' from='juliet@example.com' to='romeo@example.net'/>\n"
                + "<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='2'>"
                + "<item jid='romeo@example.net' name='Romeo' subscription='to'/></query></iq>\n", ctx.xml());
    }

    @Test
    void unsubscribedWhereNothingIsGrantedIsNotRouted() {
        store.put("juliet", item(Subscription.to, false, false, false));
        assertEquals("", out(fromJuliet("unsubscribed", "romeo@example.net")).xml());
    }

    @Test
    void subscriptionPresenceToOneselfOrWithoutToIsNotARosterMatter() {
        assertEquals("", out(fromJuliet("subscribe", "juliet@example.com")).xml());
        Stanza noTo = Stanza.presence().type("subscribe").from(balcony.jid()).build();
        assertEquals(Outcome.PASS, outbound.handle(noTo, new RecordingContext(balcony, Direction.FROM_CLIENT)));
        assertTrue(store.roster("juliet").items().isEmpty());
    }

    @Test
    void storageFailureIsReportedToTheClient() {
        store.broken = true;
        assertEquals("<presence type='error' id='s1' from='romeo@example.net' to='juliet@example.com/balcony'>"
                + "<error type='cancel'><internal-server-error xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "</error></presence>\n", out(fromJuliet("subscribe", "romeo@example.net")).xml());
    }

    // ---- inbound

    @Test
    void aRequestIsDeliveredAndRecordedWithoutRosterItemOrPush() {
        RecordingContext ctx = in(toJuliet("subscribe", "juliet@example.com"), Outcome.PASS);
        assertEquals("", ctx.xml());
        Item record = store.item("juliet", ROMEO).orElseThrow();
        assertTrue(record.pendingIn());
        assertFalse(RosterXml.inRoster(record));

        // asked again: delivered again, nothing new stored (table 6 would not deliver it; see SubscriptionMachine)
        assertEquals("", in(toJuliet("subscribe", "juliet@example.com"), Outcome.PASS).xml());
        assertEquals(record, store.item("juliet", ROMEO).orElseThrow());
    }

    @Test
    void aRequestForNoSuchUserLeavesNoRecord() {
        in(toJuliet("subscribe", "nobody@example.com"), Outcome.HANDLED);
        assertTrue(store.items.getOrDefault("nobody", java.util.Map.of()).isEmpty());
    }

    @Test
    void aRequestFromASubscriberIsAnsweredOnTheUsersBehalf() {
        store.put("juliet", item(Subscription.from, false, false, false));
        RecordingContext ctx = in(toJuliet("subscribe", "juliet@example.com/balcony"), Outcome.HANDLED);
        assertEquals("<presence type='subscribed' id='s2' from='juliet@example.com' to='romeo@example.net'/>\n",
                ctx.xml());
    }

    @Test
    void aPreApprovedRequestIsApprovedPushedAndAnsweredWithPresence() {
        store.put("juliet", item(Subscription.none, false, false, true));
        available(chamber, null);

        RecordingContext ctx = in(toJuliet("subscribe", "juliet@example.com"), Outcome.HANDLED);

        assertEquals(""
                + "<presence type='subscribed' id='s2' from='juliet@example.com' to='romeo@example.net'/>\n"
                + "<presence id='a-chamber' from='juliet@example.com/chamber' to='romeo@example.net'/>\n"
                + "<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='2'>"
                + "<item jid='romeo@example.net' name='Romeo' subscription='from'/></query></iq>\n", ctx.xml());
    }

    @Test
    void anApprovalOfAPendingRequestIsPushedAndDelivered() {
        store.put("juliet", item(Subscription.none, true, false, false));
        RecordingContext ctx = in(toJuliet("subscribed", "juliet@example.com"), Outcome.PASS);
        assertEquals("<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='2'>"
                + "<item jid='romeo@example.net' name='Romeo' subscription='to'/></query></iq>\n", ctx.xml());
    }

    @Test
    void anApprovalNobodyAskedForIsDropped() {
        RecordingContext ctx = in(toJuliet("subscribed", "juliet@example.com"), Outcome.HANDLED);
        assertEquals("", ctx.xml());
        assertTrue(store.item("juliet", ROMEO).isEmpty());
    }

    @Test
    void anUnsubscribeIsConfirmedAndTheContactLearnsTheUserIsGone() {
        store.put("juliet", item(Subscription.both, false, false, false));
        available(balcony, null);

        RecordingContext ctx = in(toJuliet("unsubscribe", "juliet@example.com"), Outcome.PASS);

        assertEquals(""
                + "<presence type='unsubscribed' id='s2' from='juliet@example.com' to='romeo@example.net'/>\n"
                + "<presence type='unavailable' from='juliet@example.com/balcony' to='romeo@example.net'/>\n"
                + "<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='2'>"
                + "<item jid='romeo@example.net' name='Romeo' subscription='to'/></query></iq>\n", ctx.xml());
    }

    @Test
    void anUnsubscribedCancelsTheUsersSubscription() {
        store.put("juliet", item(Subscription.to, false, false, false));
        RecordingContext ctx = in(toJuliet("unsubscribed", "juliet@example.com"), Outcome.PASS);
        assertEquals("<iq type='set' id='p1' from='juliet@example.com' to='juliet@example.com/balcony'>"
                + "<query xmlns='jabber:iq:roster' ver='2'>"
                + "<item jid='romeo@example.net' name='Romeo' subscription='none'/></query></iq>\n", ctx.xml());
    }

    @Test
    void aWithdrawnRequestFromAStrangerIsForgotten() {
        in(toJuliet("subscribe", "juliet@example.com"), Outcome.PASS);
        in(toJuliet("unsubscribe", "juliet@example.com"), Outcome.HANDLED);
        assertTrue(store.item("juliet", ROMEO).isEmpty());
    }

    @Test
    void aRedeliveredOrRepeatedRequestGoesThroughWithoutChangingAnything() {
        store.put("juliet", new Item(ROMEO, null, Subscription.none, false, true, false, List.of()));
        PresenceState.expectRedelivery(chamber, ROMEO);

        assertEquals("", in(toJuliet("subscribe", "juliet@example.com/chamber"), Outcome.PASS).xml());
        // Romeo asks again while his request waits (sinttest's EntityCapsTest after a request left unanswered)
        assertEquals("", in(toJuliet("subscribe", "juliet@example.com"), Outcome.PASS).xml(), "no push, no reply");
        assertEquals(1L, store.versions.get("juliet"), "nothing stored");
    }

    @Test
    void theSameExchangeBetweenTwoLocalUsersConverges() {
        // Juliet subscribes to Romeo, both local: what Juliet's side routes, Romeo's side processes
        store.put("romeo", new Item(JULIET, "", Subscription.none, false, false, false, List.of()));
        OutboundSubscriptions romeoOut = outbound;
        RecordingContext j1 = out(fromJuliet("subscribe", "romeo@example.net"));
        Stanza routed = j1.sent.get(0);
        InboundSubscriptions romeoIn = new InboundSubscriptions(new Subscriptions(store, sessions, () -> "x"),
                sessions, new MemoryAccountStore("romeo"));
        assertEquals(Outcome.PASS, romeoIn.handle(routed, new RecordingContext(null)));
        Stanza approval = Stanza.presence().type("subscribed").from(Jid.parse("romeo@example.net/orchard"))
                .to(JULIET).build();
        RecordingContext r = new RecordingContext(null, Direction.FROM_CLIENT);
        romeoOut.handle(approval, r);
        assertEquals(Outcome.PASS, inbound.handle(r.sent.get(0), new RecordingContext(null)));
        assertEquals(Subscription.to, store.item("juliet", ROMEO).orElseThrow().subscription());
        assertEquals(Subscription.from, store.item("romeo", JULIET).orElseThrow().subscription());
    }

    @Test
    void runInlineByConfigurationAnInboundSubscriptionLeavesTheStoreToItsQueue() throws Exception {
        RecordingContext ctx = new RecordingContext(null);
        ctx.mayBlock = false; // xmpp.processor.inline = true in its configuration: called on an event loop first
        assertEquals(Outcome.DEFER, inbound.handle(toJuliet("subscribe", "juliet@example.com"), ctx));
        assertTrue(ctx.sent.isEmpty());
        assertTrue(store.roster("juliet").items().isEmpty());
    }
}
