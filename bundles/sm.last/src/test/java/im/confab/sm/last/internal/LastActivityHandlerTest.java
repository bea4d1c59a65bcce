package im.confab.sm.last.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.LastActivityStore.Last;
import im.confab.api.xml.XmlElement;
import im.confab.sm.last.internal.Fakes.MutableClock;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryLastActivityStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

class LastActivityHandlerTest {
    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static final String JULIET = "juliet@capulet.lit/balcony";

    private final MutableClock clock = new MutableClock(Instant.parse("2008-11-26T12:00:00Z"));
    private final FakeSessionManager sessions = new FakeSessionManager();
    private final MemoryLastActivityStore store = new MemoryLastActivityStore();
    private final LastActivityHandler handler = new LastActivityHandler(sessions, store, clock);
    private final RecordingContext ctx = new RecordingContext();

    private static Stanza last(String from, String to) {
        return Stanza.iq("get").id("last1").from(Jid.parse(from)).to(Jid.parse(to))
                .child(XmlElement.of("query", "jabber:iq:last")).build();
    }

    private static String error(String type, String condition) {
        return "<error type='" + type + "'><" + condition + " xmlns='" + STANZAS + "'/></error>";
    }

    @Test
    void theServerAnswersWithTheSecondsSinceItStarted() {
        clock.advance(Duration.ofSeconds(123_456, 999_000_000));
        assertEquals(Outcome.HANDLED, handler.handle(last("romeo@montague.lit/orchard", "capulet.lit"), ctx));
        assertEquals("<iq type='result' id='last1' from='capulet.lit' to='romeo@montague.lit/orchard'>"
                + "<query xmlns='jabber:iq:last' seconds='123456'/></iq>", ctx.onlyXml());
    }

    @Test
    void anOfflineUserGetsTheSecondsSinceTheLastLogoutAndItsStatus() {
        store.data.put("juliet", new Last(clock.instant().minusSeconds(903), "Heading Home"));
        sessions.sessions.add(new FakeSession(JULIET, false)); // bound, but never sent available presence
        handler.handle(last(JULIET, "juliet@capulet.lit"), ctx);
        assertEquals("<iq type='result' id='last1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:last' seconds='903'>Heading Home</query></iq>", ctx.onlyXml());
    }

    @Test
    void aLogoutWithoutStatusGivesAnEmptyQueryAndAClockStepBackGivesZero() {
        store.data.put("juliet", new Last(clock.instant().plusSeconds(5), null));
        handler.handle(last(JULIET, "juliet@capulet.lit"), ctx);
        assertEquals("<query xmlns='jabber:iq:last' seconds='0'/>", ctx.sent.get(0).payload().toXml());
    }

    @Test
    void anAvailableSessionMeansZero() {
        store.data.put("juliet", new Last(clock.instant().minusSeconds(903), "Heading Home"));
        sessions.sessions.add(new FakeSession("juliet@capulet.lit/phone", true));
        handler.handle(last(JULIET, "juliet@capulet.lit"), ctx);
        assertEquals("<iq type='result' id='last1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:last' seconds='0'/></iq>", ctx.onlyXml());
    }

    @Test
    void neverLoggedOutIsItemNotFound() {
        handler.handle(last(JULIET, "juliet@capulet.lit"), ctx);
        assertEquals("<iq type='error' id='last1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:last'/>" + error("cancel", "item-not-found") + "</iq>", ctx.onlyXml());
    }

    @Test
    void othersAreForbiddenUntilThereIsARosterToCheck() {
        store.data.put("juliet", new Last(clock.instant(), "gone"));
        handler.handle(last("romeo@montague.lit/orchard", "juliet@capulet.lit"), ctx);
        handler.handle(last("nurse@capulet.lit/kitchen", "nobody@capulet.lit"), ctx);
        assertEquals("<iq type='error' id='last1' from='juliet@capulet.lit' to='romeo@montague.lit/orchard'>"
                + "<query xmlns='jabber:iq:last'/>" + error("auth", "forbidden") + "</iq>",
                ctx.sent.get(0).toXml());
        assertEquals("<iq type='error' id='last1' from='nobody@capulet.lit' to='nurse@capulet.lit/kitchen'>"
                + "<query xmlns='jabber:iq:last'/>" + error("auth", "forbidden") + "</iq>",
                ctx.sent.get(1).toXml());
    }

    @Test
    void aStoreFailureIsAnInternalServerError() {
        store.failing = true;
        handler.handle(last(JULIET, "juliet@capulet.lit"), ctx);
        assertEquals("<iq type='error' id='last1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:last'/>" + error("cancel", "internal-server-error") + "</iq>",
                ctx.onlyXml());
    }

    @Test
    void runInlineByConfigurationItAnswersForTheServerAndLeavesAccountsToItsQueue() {
        ctx.mayBlock = false; // xmpp.processor.inline = true in its configuration: called on an event loop first
        assertEquals(Outcome.HANDLED, handler.handle(last("romeo@montague.lit/orchard", "capulet.lit"), ctx));
        assertEquals(Outcome.DEFER, handler.handle(last(JULIET, "juliet@capulet.lit"), ctx));
        assertEquals(1, ctx.sent.size());
    }
}
