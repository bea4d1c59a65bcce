package im.confab.sm.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.StoreException;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryBlockingStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

import java.util.List;

class InboundBlockerTest {
    private final MemoryBlockingStore store = new MemoryBlockingStore();
    private final FakeSessionManager sm = new FakeSessionManager("capulet.lit");
    private final RecordingContext ctx = new RecordingContext(null, Direction.TO_LOCAL);

    private InboundBlocker blocker(boolean messageError) {
        return new InboundBlocker(new BlockingCore(store, sm, null, Fakes.config(100, 100, messageError)));
    }

    private static Stanza message(String from, String to) {
        return Stanza.message().type("chat").id("m1").from(Jid.parse(from)).to(Jid.parse(to)).body("hi").build();
    }

    private static Stanza presence(String type, String from, String to) {
        return Stanza.presence().type(type).from(Jid.parse(from)).to(Jid.parse(to)).build();
    }

    @Test
    void aMessageFromABlockedJidIsAnsweredWithServiceUnavailable() {
        store.put("juliet", "romeo@montague.lit");
        assertEquals(Outcome.HANDLED, blocker(true).handle(message("romeo@montague.lit/orchard",
                "juliet@capulet.lit"), ctx));
        assertEquals(List.of("<message type='error' id='m1' from='juliet@capulet.lit' "
                + "to='romeo@montague.lit/orchard'><body>hi</body><error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"), ctx.sentXml());
    }

    @Test
    void withMessageErrorOffMessagesAreDroppedSilently() {
        store.put("juliet", "romeo@montague.lit");
        assertEquals(Outcome.HANDLED, blocker(false).handle(message("romeo@montague.lit/orchard",
                "juliet@capulet.lit/balcony"), ctx));
        assertEquals(List.of(), ctx.sent);
    }

    @Test
    void presenceOfAnyTypeIsDroppedWithoutAnswer() {
        store.put("juliet", "montague.lit");
        InboundBlocker b = blocker(true);
        for (String type : new String[] {null, "unavailable", "subscribe", "probe", "error"}) {
            assertEquals(Outcome.HANDLED, b.handle(presence(type, "romeo@montague.lit/orchard",
                    "juliet@capulet.lit"), ctx), String.valueOf(type));
        }
        assertEquals(List.of(), ctx.sent);
    }

    @Test
    void errorMessagesFromABlockedJidAreDroppedNotAnswered() {
        store.put("juliet", "romeo@montague.lit");
        Stanza error = message("juliet@capulet.lit/balcony", "romeo@montague.lit/orchard")
                .errorReply(im.confab.api.stanza.StanzaError.Condition.ITEM_NOT_FOUND);
        assertEquals(Outcome.HANDLED, blocker(true).handle(error, ctx));
        assertEquals(List.of(), ctx.sent);
    }

    @Test
    void eachItemFormBlocksWhatXep0191Says() {
        InboundBlocker b = blocker(false);
        store.put("juliet", "romeo@montague.lit/orchard", "benvolio@montague.lit", "shakespeare.lit",
                "capulet.lit/bot");
        assertEquals(Outcome.HANDLED, b.handle(message("romeo@montague.lit/orchard", "juliet@capulet.lit"), ctx));
        assertEquals(Outcome.PASS, b.handle(message("romeo@montague.lit/garden", "juliet@capulet.lit"), ctx));
        assertEquals(Outcome.HANDLED, b.handle(message("benvolio@montague.lit/street", "juliet@capulet.lit"),
                ctx));
        assertEquals(Outcome.HANDLED, b.handle(message("iago@shakespeare.lit/x", "juliet@capulet.lit"), ctx));
        assertEquals(Outcome.HANDLED, b.handle(message("room@muc.shakespeare.lit/iago", "juliet@capulet.lit"),
                ctx));
        assertEquals(Outcome.HANDLED, b.handle(message("capulet.lit/bot", "juliet@capulet.lit"), ctx));
        assertEquals(Outcome.PASS, b.handle(message("nurse@capulet.lit/x", "juliet@capulet.lit"), ctx));
    }

    @Test
    void theAccountsOwnResourcesAndServerAreNeverBlocked() {
        store.put("juliet", "capulet.lit");
        InboundBlocker b = blocker(true);
        assertEquals(Outcome.PASS, b.handle(message("juliet@capulet.lit/chamber", "juliet@capulet.lit"), ctx));
        assertEquals(Outcome.PASS, b.handle(message("capulet.lit", "juliet@capulet.lit/chamber"), ctx));
        assertEquals(Outcome.HANDLED, b.handle(message("nurse@capulet.lit/x", "juliet@capulet.lit"), ctx));
    }

    @Test
    void theListIsReadOnceThenCached() {
        InboundBlocker b = blocker(true);
        for (int i = 0; i < 5; i++) {
            b.handle(message("nurse@capulet.lit/x", "juliet@capulet.lit"), ctx);
        }
        assertEquals(2, store.reads); // juliet's list, and the local sender nurse's own
    }

    @Test
    void whatTheServerSendsForALocalUserDoesNotReachAContactThatUserBlocked() {
        store.put("juliet", "tybalt@capulet.lit");
        InboundBlocker b = blocker(true);
        // e.g. the presence plugin broadcasting juliet's presence to her roster
        assertEquals(Outcome.HANDLED, b.handle(presence(null, "juliet@capulet.lit/balcony",
                "tybalt@capulet.lit"), ctx));
        // but the unavailable presence sent when she blocked him, and errors (our bounces), do
        assertEquals(Outcome.PASS, b.handle(presence("unavailable", "juliet@capulet.lit/balcony",
                "tybalt@capulet.lit"), ctx));
        Stanza bounce = message("tybalt@capulet.lit/x", "juliet@capulet.lit")
                .errorReply(im.confab.api.stanza.StanzaError.Condition.SERVICE_UNAVAILABLE);
        assertEquals(Outcome.PASS, b.handle(bounce, ctx));
        // a remote sender's list is not ours to read, even if a local user has the same name
        store.put("romeo", "tybalt@capulet.lit");
        assertEquals(Outcome.PASS, b.handle(presence(null, "romeo@montague.lit/orchard", "tybalt@capulet.lit"),
                ctx));
        assertEquals(List.of(), ctx.sent);
    }

    @Test
    void anUnreadableListRefusesRatherThanDelivers() {
        store.fail = new StoreException("down", null);
        InboundBlocker b = blocker(true);
        assertEquals(Outcome.HANDLED, b.handle(message("romeo@montague.lit/orchard", "juliet@capulet.lit"), ctx));
        assertEquals(Outcome.HANDLED, b.handle(presence(null, "romeo@montague.lit/orchard", "juliet@capulet.lit"),
                ctx));
        assertEquals(1, ctx.sent.size());
        assertEquals("internal-server-error", ctx.sent.get(0).element().child("error", "jabber:client")
                .firstElement().name());
    }

    @Test
    void onTheRoutingThreadOnlyCachedListsAreUsedAndAMissIsDeferredToTheQueue() {
        store.put("juliet", "romeo@montague.lit");
        InboundBlocker b = blocker(true);
        ctx.mayBlock = false;
        Stanza m = message("romeo@montague.lit/orchard", "juliet@capulet.lit");
        assertEquals(Outcome.DEFER, b.handle(m, ctx), "juliet's list is not cached: the store is not read here");
        assertEquals(List.of(), ctx.sent);
        ctx.mayBlock = true;
        assertEquals(Outcome.HANDLED, b.handle(m, ctx), "on the queue the store is read (and the list cached)");
        ctx.sent.clear();
        ctx.mayBlock = false;
        assertEquals(Outcome.HANDLED, b.handle(m, ctx), "now decided inline");
        assertEquals(1, ctx.sent.size());
        // a local sender's own list decides too: not cached yet, so deferred as well
        assertEquals(Outcome.DEFER, b.handle(message("nurse@capulet.lit/kitchen", "juliet@capulet.lit"), ctx));
    }
}
