package im.confab.sm.offline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.StoreException;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryOfflineStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

class OfflineStorageTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30.250Z");

    private final MemoryOfflineStore store = new MemoryOfflineStore();
    private final FakeSessionManager sm = new FakeSessionManager("capulet.lit");
    private final OfflineSpool spool = new OfflineSpool(store, sm, TestConfig.of(3, 100),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final OfflineStorage storage = new OfflineStorage(spool);
    private final RecordingContext ctx = new RecordingContext(null, Direction.TO_LOCAL);

    private static Stanza chat(String to, String body) {
        return Stanza.message().type("chat").id("m-" + body).from(Jid.parse("romeo@montague.lit/orchard"))
                .to(Jid.parse(to)).body(body).build();
    }

    @Test
    void nobodyOnlineTheMessageIsStoredBeforeItCountsAsHandled() {
        Stanza m = chat("juliet@capulet.lit", "one");
        assertEquals(Outcome.HANDLED, storage.postprocess(m, ctx));
        assertEquals(List.of(m), store.messages("juliet"));
        assertEquals(NOW, store.users.get("juliet").values().iterator().next().stamp());
        assertEquals(List.of(), ctx.sent);
    }

    @Test
    void aFailedStoreIsNotHandledSilently() {
        store.failStore = new StoreException("disk full", null);
        assertEquals(Outcome.HANDLED, storage.postprocess(chat("juliet@capulet.lit", "one"), ctx));
        assertEquals(1, ctx.sent.size());
        assertTrue(ctx.sent.get(0).toXml().contains("<internal-server-error"), ctx.sent.get(0).toXml());
        assertEquals("romeo@montague.lit/orchard", ctx.sent.get(0).to().toString());
    }

    @Test
    void overQuotaTheSenderGetsServiceUnavailable() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.HANDLED, storage.postprocess(chat("juliet@capulet.lit", "m" + i), ctx));
        }
        assertEquals(List.of(), ctx.sent);
        Stanza fourth = chat("juliet@capulet.lit", "m3");
        assertEquals(Outcome.HANDLED, storage.postprocess(fourth, ctx));
        assertEquals(3, store.count("juliet"));
        assertEquals("<message type='error' id='m-m3' from='juliet@capulet.lit' to='romeo@montague.lit/orchard'>"
                + "<body>m3</body><error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
                ctx.sent.get(0).toXml());
    }

    @Test
    void anAvailableNonNegativeResourceMeansTheDefaultDelivers() {
        sm.sessions.add(new FakeSession("juliet@capulet.lit/balcony").available(0));
        assertEquals(Outcome.PASS, storage.postprocess(chat("juliet@capulet.lit", "one"), ctx));
        assertEquals(0, store.stores);
    }

    @Test
    void resourcesWithANegativePriorityOrNoPresenceDoNotCount() {
        sm.sessions.add(new FakeSession("juliet@capulet.lit/balcony").available(-1));
        sm.sessions.add(new FakeSession("juliet@capulet.lit/chamber")); // bound, no initial presence
        assertEquals(Outcome.HANDLED, storage.postprocess(chat("juliet@capulet.lit", "one"), ctx));
        assertEquals(1, store.count("juliet"));
    }

    @Test
    void toAFullJidOfABoundSessionTheDefaultDelivers() {
        sm.sessions.add(new FakeSession("juliet@capulet.lit/balcony").available(-5));
        assertEquals(Outcome.PASS, storage.postprocess(chat("juliet@capulet.lit/balcony", "one"), ctx));
        assertEquals(0, store.stores);
    }

    @Test
    void toAFullJidWithoutThatSessionItIsKeptAsIfToTheBareJid() {
        sm.sessions.add(new FakeSession("juliet@capulet.lit/balcony").available(-5));
        Stanza m = chat("juliet@capulet.lit/gone", "one");
        assertEquals(Outcome.HANDLED, storage.postprocess(m, ctx));
        assertSame(m, store.messages("juliet").get(0));
    }

    @Test
    void whatDoesNotQualifyIsLeftToTheDefault() {
        Stanza composing = Stanza.message().type("chat").from(Jid.parse("romeo@montague.lit/orchard"))
                .to(Jid.parse("juliet@capulet.lit"))
                .child(im.confab.api.xml.XmlElement.of("composing", OfflinePolicy.CHAT_STATES)).build();
        assertEquals(Outcome.PASS, storage.postprocess(composing, ctx));
        Stanza toServer = Stanza.message().from(Jid.parse("romeo@montague.lit/orchard"))
                .to(Jid.parse("capulet.lit")).body("hi").build();
        assertEquals(Outcome.PASS, storage.postprocess(toServer, ctx));
        assertEquals(0, store.stores);
    }

    @Test
    void aSessionWhoseKeptMessagesWentOutButNotItsPresenceYetGetsTheMessageDirectly() {
        // the race the per-user lock closes: delivery ran, the session manager has not applied the presence
        FakeSession starting = new FakeSession("juliet@capulet.lit/balcony");
        starting.attribute(Spool.DELIVERED, Boolean.TRUE);
        sm.sessions.add(starting);
        Stanza m = chat("juliet@capulet.lit", "one");
        assertEquals(Outcome.HANDLED, storage.postprocess(m, ctx));
        assertEquals(0, store.stores);
        assertEquals(1, ctx.sent.size());
        assertEquals("<message type='chat' id='m-one' from='romeo@montague.lit/orchard' "
                + "to='juliet@capulet.lit/balcony'><body>one</body></message>", ctx.sent.get(0).toXml());
    }

    @Test
    void whereItMustNotBlockAMessageForSomeoneReceivingPassesAndOneToStoreIsDeferred() {
        ctx.mayBlock = false;
        Stanza m = chat("juliet@capulet.lit", "one");
        assertEquals(Outcome.DEFER, storage.postprocess(m, ctx));
        assertEquals(List.of(), store.messages("juliet"), "not stored on the routing thread");
        sm.sessions.add(new FakeSession("juliet@capulet.lit/balcony").available(0));
        assertEquals(Outcome.PASS, storage.postprocess(m, ctx));
        ctx.mayBlock = true;
        sm.sessions.clear();
        assertEquals(Outcome.HANDLED, storage.postprocess(m, ctx));
        assertEquals(List.of(m), store.messages("juliet"));
    }
}
