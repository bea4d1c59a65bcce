package im.confab.sm.offline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.StoreException;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryOfflineStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

class OfflineDeliveryTest {
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private final MemoryOfflineStore store = new MemoryOfflineStore();
    private final FakeSessionManager sm = new FakeSessionManager("capulet.lit");
    private final FakeSession balcony = new FakeSession("juliet@capulet.lit/balcony");
    private final RecordingContext ctx = new RecordingContext(balcony, Direction.FROM_CLIENT);
    private final OfflineSpool spool = new OfflineSpool(store, sm, TestConfig.of(1000, 2), Clock.systemUTC());
    private final OfflineDelivery delivery = new OfflineDelivery(spool);

    OfflineDeliveryTest() {
        sm.sessions.add(balcony);
    }

    /** Keeps n messages from romeo, one second apart, as the postprocessor would have. */
    private void keep(int n) {
        for (int i = 1; i <= n; i++) {
            Stanza m = Stanza.message().type(i % 2 == 0 ? "chat" : null).id("m" + i)
                    .from(Jid.parse("romeo@montague.lit/orchard")).to(Jid.parse("juliet@capulet.lit"))
                    .body("text " + i).build();
            store.store("juliet", m, T0.plusSeconds(i).plusMillis(i == 3 ? 120 : 0), 1000);
        }
    }

    private static Stanza presence(Integer priority) {
        Stanza.Builder b = Stanza.presence().from(Jid.parse("juliet@capulet.lit/balcony"));
        if (priority != null) {
            b.child(XmlElement.builder("priority", Xml.JABBER_CLIENT).text(priority.toString()).build());
        }
        return b.build();
    }

    @Test
    void initialPresenceGetsTheKeptMessagesInOrderWithDelayStampsThenTheyAreDeleted() {
        keep(3);
        assertEquals(Outcome.PASS, delivery.handle(presence(null), ctx));
        assertEquals(List.of(
                "<message id='m1' from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony'>"
                        + "<body>text 1</body>"
                        + "<delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='2026-11-20T08:00:01Z'/>"
                        + "</message>",
                "<message type='chat' id='m2' from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony'>"
                        + "<body>text 2</body>"
                        + "<delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='2026-11-20T08:00:02Z'/>"
                        + "</message>",
                "<message id='m3' from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony'>"
                        + "<body>text 3</body>"
                        + "<delay xmlns='urn:xmpp:delay' from='capulet.lit' stamp='2026-11-20T08:00:03.120Z'/>"
                        + "</message>"),
                ctx.sent.stream().map(Stanza::toXml).toList());
        assertEquals(0, store.count("juliet"));
        assertEquals(2, store.peeks); // batches of 2: a full one, then a short one ends it
        assertEquals(Boolean.TRUE, balcony.attribute(Spool.DELIVERED));
    }

    @Test
    void laterPresenceOfAReceivingSessionDoesNotReadTheStore() {
        delivery.handle(presence(5), ctx);
        balcony.available(5); // what the session manager does after the processors
        int peeks = store.peeks;
        keep(1); // e.g. stored while the session had been bound elsewhere
        assertEquals(Outcome.PASS, delivery.handle(presence(3), ctx));
        assertEquals(peeks, store.peeks);
        assertEquals(List.of(), ctx.sent);
    }

    @Test
    void negativePriorityGetsNothingUntilItTurnsNonNegative() {
        keep(1);
        assertEquals(Outcome.PASS, delivery.handle(presence(-1), ctx));
        assertEquals(0, store.peeks);
        assertEquals(1, store.count("juliet"));
        balcony.available(-1);

        delivery.handle(presence(0), ctx); // XEP-0160: "next sends non-negative available presence"
        assertEquals(1, ctx.sent.size());
        assertEquals(0, store.count("juliet"));
    }

    @Test
    void goingUnavailableEndsReceivingSoTheNextAvailablePresenceDeliversAgain() {
        delivery.handle(presence(1), ctx);
        balcony.available(1);
        delivery.handle(Stanza.presence().type("unavailable").from(balcony.jid()).build(), ctx);
        assertNull(balcony.attribute(Spool.DELIVERED));
        balcony.available = false;
        keep(2);
        delivery.handle(presence(1), ctx);
        assertEquals(2, ctx.sent.size());
    }

    @Test
    void directedPresenceIsNotTheSessionsOwn() {
        keep(1);
        Stanza directed = Stanza.presence().from(balcony.jid()).to(Jid.parse("room@muc.capulet.lit/j")).build();
        assertEquals(Outcome.PASS, delivery.handle(directed, ctx));
        assertEquals(0, store.peeks);
    }

    @Test
    void aMessageIsDeletedOnlyAfterItWasSent() {
        keep(3);
        ctx.failOnSend = new IllegalStateException("router gone");
        ctx.failAfter = 1; // the first is sent, the second fails
        assertEquals(Outcome.PASS, delivery.handle(presence(null), ctx)); // the presence still goes on
        assertEquals(1, ctx.sent.size());
        assertEquals(3, store.count("juliet")); // its batch was not deleted: at-least-once
        assertNull(balcony.attribute(Spool.DELIVERED)); // so the next available presence tries again

        ctx.failOnSend = null;
        delivery.handle(presence(null), ctx);
        assertEquals(List.of("m1", "m1", "m2", "m3"), ctx.sent.stream().map(Stanza::id).toList());
        assertEquals(0, store.count("juliet"));
    }

    @Test
    void aFailedDeleteMeansTheMessagesComeAgainNotThatTheyAreLost() {
        keep(1);
        store.failDelete = new StoreException("connection lost", null);
        delivery.handle(presence(null), ctx);
        assertEquals(1, store.count("juliet"));
        store.failDelete = null;
        delivery.handle(presence(null), ctx);
        assertEquals(2, ctx.sent.size());
        assertEquals(0, store.count("juliet"));
    }

    @Test
    void aStoreThatDoesNotDeleteCannotMakeDeliveryLoop() {
        keep(5);
        store.ignoreDeletes = true;
        delivery.handle(presence(null), ctx);
        assertEquals(2, ctx.sent.size());
    }

    @Test
    void aSessionThatWentAwayStopsTheBatches() {
        keep(5);
        ctx.afterSend = () -> sm.sessions.remove(balcony); // the connection dropped during the first batch
        delivery.handle(presence(null), ctx);
        assertEquals(2, ctx.sent.size());
        assertEquals(3, store.count("juliet"));
    }

    @Test
    void aMessageThatAlreadyHasOurDelayKeepsItsFirstStamp() {
        Stanza once = Delay.stamped(Stanza.message().id("x").from(Jid.parse("romeo@montague.lit/orchard"))
                .to(Jid.parse("juliet@capulet.lit/gone")).body("b").build(), "capulet.lit", T0);
        assertEquals(once.toXml(), Delay.stamped(once, "capulet.lit", T0.plusSeconds(60)).toXml());
        Stanza muc = Delay.stamped(once, "muc.capulet.lit", T0.plusSeconds(60));
        assertEquals(2, muc.element().elements().stream().filter(e -> e.is("delay", Delay.NAMESPACE)).count());
    }

    @Test
    void aMessageArrivingWhileKeptMessagesAreHandedOutIsNotLeftInTheStore() throws Exception {
        keep(1);
        OfflineStorage storage = new OfflineStorage(spool);
        RecordingContext routed = new RecordingContext(null, Direction.TO_LOCAL);
        Stanza late = Stanza.message().id("late").from(Jid.parse("romeo@montague.lit/orchard"))
                .to(Jid.parse("juliet@capulet.lit")).body("late").build();
        Outcome[] outcome = new Outcome[1];
        Thread postprocessor = new Thread(() -> outcome[0] = storage.postprocess(late, routed));
        store.duringPeek = () -> {
            store.duringPeek = () -> { };
            postprocessor.start();
            // it saw nobody receiving and now waits for the user's lock that the delivery holds
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (postprocessor.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.BLOCKED, postprocessor.getState());
        };
        delivery.handle(presence(null), ctx); // the session manager applies the presence only after this
        postprocessor.join(5000);

        assertEquals(Outcome.HANDLED, outcome[0]);
        assertEquals(0, store.count("juliet"));
        assertEquals(List.of("m1"), ctx.sent.stream().map(Stanza::id).toList());
        assertEquals(List.of("juliet@capulet.lit/balcony"), routed.sent.stream().map(m -> m.to().toString())
                .toList());
    }

    @Test
    void badSettingsAreRefusedWithTheirKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OfflineSpool(store, sm, TestConfig.of(0, 10), Clock.systemUTC()));
        assertEquals("xmpp.sm.offline: quota must be at least 1, was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new OfflineSpool(store, sm, TestConfig.of(10, 0), Clock.systemUTC()));
    }

    @Test
    void whereItMustNotBlockOnlyThePresenceThatReadsTheStoreIsDeferred() {
        keep(1);
        ctx.mayBlock = false;
        assertEquals(Outcome.DEFER, delivery.handle(presence(null), ctx), "initial presence: the store is read");
        assertEquals(0, store.peeks);
        assertEquals(null, balcony.attribute(Spool.DELIVERED), "nothing marked before the queue runs it");
        ctx.mayBlock = true;
        assertEquals(Outcome.PASS, delivery.handle(presence(null), ctx));
        assertEquals(1, ctx.sent.size());
        ctx.mayBlock = false;
        balcony.available(0);
        assertEquals(Outcome.PASS, delivery.handle(presence(1), ctx), "later presence: decided inline");
        assertEquals(Outcome.PASS, delivery.handle(presence(null).withType("unavailable"), ctx));
        assertEquals(null, balcony.attribute(Spool.DELIVERED));
    }
}
