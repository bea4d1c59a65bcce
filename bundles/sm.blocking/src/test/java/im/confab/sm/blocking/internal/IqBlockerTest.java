package im.confab.sm.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryBlockingStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

import java.util.List;

class IqBlockerTest {
    private final MemoryBlockingStore store = new MemoryBlockingStore();
    private final BlockingCore core = new BlockingCore(store, new FakeSessionManager("capulet.lit"), null,
            Fakes.config(100, 100, true));
    private final IqBlocker blocker = new IqBlocker(core);
    private final FakeSession balcony = new FakeSession("juliet@capulet.lit/balcony");
    private final RecordingContext in = new RecordingContext(null, Direction.TO_LOCAL);
    private final RecordingContext out = new RecordingContext(balcony, Direction.FROM_CLIENT);

    private static Stanza iq(String type, String from, String to) {
        return Stanza.iq(type).id("q1").from(Jid.parse(from)).to(Jid.parse(to))
                .child(XmlElement.of("query", "jabber:iq:version")).build();
    }

    @Test
    void aColdCacheIsNotEnforcedAndNeverReadsTheStore() {
        store.put("juliet", "romeo@montague.lit");
        assertEquals(Outcome.PASS, blocker.preprocess(iq("get", "romeo@montague.lit/orchard",
                "juliet@capulet.lit/balcony"), in));
        assertEquals(0, store.reads);
    }

    @Test
    void inboundRequestsFromABlockedJidGetServiceUnavailableEvenToAFullJid() {
        store.put("juliet", "romeo@montague.lit");
        core.lists.get("juliet");
        assertEquals(Outcome.HANDLED, blocker.preprocess(iq("get", "romeo@montague.lit/orchard",
                "juliet@capulet.lit/balcony"), in));
        assertEquals(Outcome.HANDLED, blocker.preprocess(iq("set", "romeo@montague.lit/orchard",
                "juliet@capulet.lit"), in));
        assertEquals(2, in.sent.size());
        in.sent.forEach(e -> assertEquals("<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>",
                e.element().child("error", "jabber:client").firstElement().toXml()));
        assertEquals("romeo@montague.lit/orchard", in.sent.get(0).to().toString());
    }

    @Test
    void inboundResultsAndErrorsAreDroppedSilently() {
        store.put("juliet", "montague.lit");
        core.lists.get("juliet");
        assertEquals(Outcome.HANDLED, blocker.preprocess(Stanza.iq("result").id("q1")
                .from(Jid.parse("romeo@montague.lit/orchard")).to(Jid.parse("juliet@capulet.lit/balcony")).build(),
                in));
        assertEquals(List.of(), in.sent);
    }

    @Test
    void outboundRequestsToABlockedJidAreRefusedToTheSender() {
        store.put("juliet", "romeo@montague.lit");
        core.lists.get("juliet");
        assertEquals(Outcome.HANDLED, blocker.preprocess(iq("get", "juliet@capulet.lit/balcony",
                "romeo@montague.lit/orchard"), out));
        assertEquals(List.of(), out.sent);
        assertEquals("<iq type='error' id='q1' from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:version'/><error type='cancel'>"
                + "<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "<blocked xmlns='urn:xmpp:blocking:errors'/></error></iq>",
                balcony.connection.delivered.get(0).toXml());
    }

    @Test
    void everythingElsePasses() {
        store.put("juliet", "romeo@montague.lit", "capulet.lit");
        core.lists.get("juliet");
        Stanza msg = Stanza.message().from(Jid.parse("romeo@montague.lit/orchard"))
                .to(Jid.parse("juliet@capulet.lit")).body("hi").build();
        assertEquals(Outcome.PASS, blocker.preprocess(msg, in)); // the processors' job
        assertEquals(Outcome.PASS, blocker.preprocess(iq("get", "nurse@montague.lit/x", "juliet@capulet.lit"),
                in));
        assertEquals(Outcome.PASS, blocker.preprocess(iq("get", "juliet@capulet.lit/balcony", "capulet.lit"),
                out)); // her own server, though its domain is blocked
        assertEquals(Outcome.PASS, blocker.preprocess(iq("get", "capulet.lit", "juliet@capulet.lit/balcony"),
                in)); // e.g. the server's pings
        Stanza noTo = Stanza.iq("get").id("r").from(balcony.jid()).child(XmlElement.of("query", "jabber:iq:roster"))
                .build();
        assertEquals(Outcome.PASS, blocker.preprocess(noTo, out));
    }
}
