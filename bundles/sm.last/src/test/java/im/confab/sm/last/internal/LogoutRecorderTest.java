package im.confab.sm.last.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.LastActivityStore.Last;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.sm.last.internal.Fakes.FakeScheduler;
import im.confab.sm.last.internal.Fakes.MutableClock;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryLastActivityStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

class LogoutRecorderTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2008-11-26T12:00:00Z"));
    private final FakeSessionManager sessions = new FakeSessionManager();
    private final MemoryLastActivityStore store = new MemoryLastActivityStore();
    private final FakeScheduler scheduler = new FakeScheduler();
    private final LogoutRecorder recorder = new LogoutRecorder(sessions, store, scheduler, clock);

    private final FakeSession balcony = new FakeSession("juliet@capulet.lit/balcony", true);
    private final RecordingContext fromBalcony = new RecordingContext(balcony, Direction.FROM_CLIENT);

    private static Stanza presence(String type, String status) {
        Stanza.Builder b = Stanza.presence().type(type).from(Jid.parse("juliet@capulet.lit/balcony"));
        if (status != null) {
            b.child(XmlElement.builder("status", Xml.JABBER_CLIENT).text(status).build());
        }
        return b.build();
    }

    /** The session manager removes the session, then tells the listeners. */
    private void close(FakeSession s) {
        sessions.sessions.remove(s);
        recorder.sessionClosed(s);
    }

    @Test
    void theLastSessionsLogoutIsWrittenLaterWithTheStatusOfItsUnavailablePresence() {
        sessions.sessions.add(balcony);
        assertEquals(Outcome.PASS, recorder.preprocess(presence("unavailable", "Heading Home"), fromBalcony));
        clock.advance(Duration.ofSeconds(2));
        close(balcony);

        assertTrue(store.data.isEmpty(), "nothing is written on the network thread");
        assertEquals(1, scheduler.tasks.size());
        clock.advance(Duration.ofSeconds(1)); // the time is the logout's, not the write's
        scheduler.runAll();
        assertEquals(new Last(Instant.parse("2008-11-26T12:00:02Z"), "Heading Home"), store.data.get("juliet"));
    }

    @Test
    void aLostConnectionRecordsNoStatusAndAvailablePresenceForgetsAnEarlierGoodbye() {
        sessions.sessions.add(balcony);
        recorder.preprocess(presence(null, "Working"), fromBalcony);
        close(balcony);
        scheduler.runAll();
        assertEquals(new Last(clock.instant(), null), store.data.get("juliet"));

        FakeSession again = new FakeSession("juliet@capulet.lit/balcony", true);
        RecordingContext ctx = new RecordingContext(again, Direction.FROM_CLIENT);
        sessions.sessions.add(again);
        recorder.preprocess(presence("unavailable", "brb"), ctx);
        recorder.preprocess(presence(null, null), ctx);
        close(again);
        scheduler.runAll();
        assertNull(store.data.get("juliet").status());
    }

    @Test
    void anEmptyStatusIsNoStatus() {
        sessions.sessions.add(balcony);
        recorder.preprocess(presence("unavailable", ""), fromBalcony);
        assertNull(balcony.attribute(LogoutRecorder.LOGOUT_STATUS));
    }

    @Test
    void onlyTheClientsOwnBroadcastPresenceCounts() {
        Stanza directed = presence("unavailable", "to the nurse only").withTo(Jid.parse("nurse@capulet.lit"));
        recorder.preprocess(directed, fromBalcony);
        recorder.preprocess(presence("unavailable", "inbound"), new RecordingContext(balcony, Direction.TO_LOCAL));
        recorder.preprocess(presence("subscribe", "not a logout"), fromBalcony);
        assertNull(balcony.attribute(LogoutRecorder.LOGOUT_STATUS));
        assertEquals(Outcome.PASS, recorder.preprocess(presence("unavailable", "x"), new RecordingContext()));
        assertTrue(fromBalcony.sent.isEmpty());
    }

    @Test
    void nothingIsRecordedWhileAnotherSessionOfTheAccountRemains() {
        sessions.sessions.add(balcony);
        sessions.sessions.add(new FakeSession("juliet@capulet.lit/phone", false));
        sessions.sessions.add(new FakeSession("romeo@montague.lit/orchard", true));
        close(balcony);
        assertTrue(scheduler.tasks.isEmpty());
    }

    @Test
    void aStoreFailureStaysOnTheTimerThreadAndAReleasedSchedulerIsNoError() {
        store.failing = true;
        close(balcony);
        scheduler.runAll(); // logged, not thrown

        scheduler.released = true;
        store.failing = false;
        close(balcony);
        assertTrue(store.data.isEmpty());
    }

    @Test
    void whatTheRecorderWritesTheHandlerAnswers() {
        LastActivityHandler handler = new LastActivityHandler(sessions, store, clock);
        sessions.sessions.add(balcony);
        recorder.preprocess(presence("unavailable", "Heading Home"), fromBalcony);
        close(balcony);
        scheduler.runAll();
        clock.advance(Duration.ofSeconds(903));

        FakeSession back = new FakeSession("juliet@capulet.lit/balcony", false);
        sessions.sessions.add(back);
        RecordingContext ctx = new RecordingContext(back, Direction.TO_LOCAL);
        handler.handle(Stanza.iq("get").id("last1").from(back.jid()).to(back.jid().bare())
                .child(XmlElement.of("query", "jabber:iq:last")).build(), ctx);
        assertEquals("<iq type='result' id='last1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:last' seconds='903'>Heading Home</query></iq>", ctx.onlyXml());
    }
}
