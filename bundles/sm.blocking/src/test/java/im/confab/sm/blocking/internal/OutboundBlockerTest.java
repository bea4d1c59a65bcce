package im.confab.sm.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryBlockingStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

import java.util.List;

class OutboundBlockerTest {
    private final MemoryBlockingStore store = new MemoryBlockingStore();
    private final FakeSessionManager sm = new FakeSessionManager("capulet.lit");
    private final BlockingCore core = new BlockingCore(store, sm, null, Fakes.config(100, 100, true));
    private final OutboundBlocker blocker = new OutboundBlocker(core);
    private final FakeSession balcony = new FakeSession("juliet@capulet.lit/balcony");
    private final RecordingContext ctx = new RecordingContext(balcony, Direction.FROM_CLIENT);

    private static Stanza message(String to) {
        return Stanza.message().id("m1").from(Jid.parse("juliet@capulet.lit/balcony")).to(Jid.parse(to))
                .body("Can you hear me now?").build();
    }

    @Test
    void aMessageToABlockedJidComesBackNotAcceptableWithBlocked() {
        store.put("juliet", "romeo@montague.lit");
        assertEquals(Outcome.HANDLED, blocker.handle(message("romeo@montague.lit"), ctx));
        assertEquals(List.of(), ctx.sent); // not routed: written to the sender's own session
        assertEquals(List.of("<message type='error' id='m1' from='romeo@montague.lit' "
                + "to='juliet@capulet.lit/balcony'><body>Can you hear me now?</body><error type='cancel'>"
                + "<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "<blocked xmlns='urn:xmpp:blocking:errors'/></error></message>"),
                balcony.connection.delivered.stream().map(Stanza::toXml).toList());
    }

    @Test
    void presenceToABlockedJidToo() {
        store.put("juliet", "montague.lit");
        Stanza subscribe = Stanza.presence().type("subscribe").from(balcony.jid())
                .to(Jid.parse("romeo@montague.lit")).build();
        assertEquals(Outcome.HANDLED, blocker.handle(subscribe, ctx));
        Stanza e = balcony.connection.delivered.get(0);
        assertEquals("error", e.type());
        assertNotNull(e.element().child("error", "jabber:client").child("blocked", Enforcement.ERRORS));
    }

    @Test
    void eachItemForm() {
        store.put("juliet", "romeo@montague.lit/orchard", "shakespeare.lit");
        assertEquals(Outcome.HANDLED, blocker.handle(message("romeo@montague.lit/orchard"), ctx));
        assertEquals(Outcome.PASS, blocker.handle(message("romeo@montague.lit"), ctx));
        assertEquals(Outcome.PASS, blocker.handle(message("romeo@montague.lit/garden"), ctx));
        assertEquals(Outcome.HANDLED, blocker.handle(message("iago@shakespeare.lit"), ctx));
        assertEquals(Outcome.HANDLED, blocker.handle(message("muc.shakespeare.lit"), ctx));
    }

    @Test
    void anErrorToABlockedJidIsDroppedWithoutAnswer() {
        store.put("juliet", "romeo@montague.lit");
        Stanza error = Stanza.message().type("error").id("m1").from(balcony.jid())
                .to(Jid.parse("romeo@montague.lit/orchard")).build();
        assertEquals(Outcome.HANDLED, blocker.handle(error, ctx));
        assertEquals(List.of(), balcony.connection.delivered);
    }

    @Test
    void ownPresenceWarmsTheCacheForTheIqPreprocessor() {
        store.put("juliet", "romeo@montague.lit");
        Stanza initial = Stanza.presence().from(balcony.jid()).build();
        assertEquals(Outcome.PASS, blocker.handle(initial, ctx));
        assertNotNull(core.lists.cached("juliet"));
        assertEquals(Outcome.PASS, blocker.handle(message("nurse@capulet.lit"), ctx));
        assertEquals(1, store.reads);
        assertEquals(List.of(), balcony.connection.delivered);
    }

    @Test
    void onTheConnectionThreadAListNotCachedYetIsReadOnTheQueue() {
        store.put("juliet", "romeo@montague.lit");
        ctx.mayBlock = false;
        assertEquals(Outcome.DEFER, blocker.handle(message("romeo@montague.lit"), ctx));
        assertEquals(List.of(), balcony.connection.delivered);
        ctx.mayBlock = true;
        assertEquals(Outcome.HANDLED, blocker.handle(message("romeo@montague.lit"), ctx));
        ctx.mayBlock = false;
        assertEquals(Outcome.HANDLED, blocker.handle(message("romeo@montague.lit"), ctx), "cached: inline");
        assertEquals(Outcome.PASS, blocker.handle(message("nurse@capulet.lit"), ctx));
    }
}
