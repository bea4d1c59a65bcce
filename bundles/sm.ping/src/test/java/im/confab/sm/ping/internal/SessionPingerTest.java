package im.confab.sm.ping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.session.ClientSession;
import im.confab.api.stanza.StanzaError;
import im.confab.api.stanza.StreamError;
import im.confab.sm.ping.internal.Fakes.FakeIqClient;
import im.confab.sm.ping.internal.Fakes.FakeScheduler;
import im.confab.sm.ping.internal.Fakes.FakeSession;
import im.confab.test.support.FakeSessionManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

class SessionPingerTest {
    private static final SessionPinger.Settings NONE = new SessionPinger.Settings(true, 60_000, 32_000, false);
    private static final SessionPinger.Settings KILL = new SessionPinger.Settings(true, 60_000, 32_000, true);
    private static final SessionPinger.Settings OFF = new SessionPinger.Settings(false, 60_000, 32_000, false);

    private final FakeScheduler clock = new FakeScheduler();
    private final FakeIqClient iq = new FakeIqClient();
    private final FakeSessionManager sm = new FakeSessionManager();
    private final List<String> events = new ArrayList<>();
    private final SessionPinger pinger = new SessionPinger(clock, iq, sm,
            (session, killed) -> events.add(session.jid() + (killed ? " killed" : " kept")));

    /** A client binds a resource now: the session manager has it and tells the listeners. */
    private FakeSession bind(String jid) {
        FakeSession s = new FakeSession(jid, clock);
        sm.sessions.add(s);
        pinger.open(s);
        return s;
    }

    @Test
    void aClientThatTalksPushesTheCheckBackToTheEndOfItsSilence() {
        pinger.update(NONE);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        assertEquals(60_000, clock.nextDue());
        clock.advanceTo(30_000);
        s.connection.clientSent();
        clock.advanceTo(60_000);
        assertTrue(iq.requests.isEmpty(), "idle 30 s < 60 s: no ping");
        assertEquals(90_000, clock.nextDue(), "re-checked after interval - idle");
        assertEquals(1, clock.pending());
        clock.advanceTo(89_999);
        assertTrue(iq.requests.isEmpty());
        clock.advanceTo(90_000);
        assertEquals(1, iq.requests.size());
    }

    @Test
    void pingsAfterAnIntervalOfSilence() {
        pinger.update(NONE);
        bind("juliet@capulet.lit/balcony");
        clock.advanceTo(60_000);
        assertEquals(1, iq.requests.size());
        FakeIqClient.Request r = iq.last();
        String id = r.iq().id();
        assertEquals("<iq type='get' id='" + id + "' from='capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>", r.iq().toXml());
        assertEquals(32_000, r.timeoutMillis());
        assertEquals(0, clock.pending(), "no timer while the ping is in flight: the IqClient times it out");
    }

    @Test
    void aResultKeepsTheSessionAndTheNextCheckComesAnIntervalLater() {
        pinger.update(NONE);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        clock.advanceTo(60_000);
        clock.advanceTo(60_300);
        s.connection.clientSent();
        iq.last().answer().complete(iq.last().iq().resultReply());
        assertEquals(List.of(), events);
        assertNull(s.connection.closedWith);
        assertEquals(120_300, clock.nextDue());
        clock.advanceTo(120_300);
        assertEquals(2, iq.requests.size());
    }

    @Test
    void anErrorAnswerAlsoProvesTheClientIsThere() {
        pinger.update(KILL);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        clock.advanceTo(60_000);
        s.connection.clientSent();
        FakeIqClient.Request r = iq.last();
        r.answer().complete(r.iq().errorReply(StanzaError.Condition.SERVICE_UNAVAILABLE));
        assertEquals(List.of(), events);
        assertNull(s.connection.closedWith);
        assertEquals(1, pinger.watched());
        assertEquals(120_000, clock.nextDue());
    }

    @Test
    void aTimeoutWithActionNoneOnlyTellsTheListenersAndKeepsAsking() {
        pinger.update(NONE);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        clock.advanceTo(60_000);
        clock.advanceTo(92_000);
        iq.last().answer().completeExceptionally(new TimeoutException());
        assertEquals(List.of("juliet@capulet.lit/balcony kept"), events);
        assertNull(s.connection.closedWith);
        assertEquals(152_000, clock.nextDue(), "asks again after an interval, not at once");
        clock.advanceTo(152_000);
        assertEquals(2, iq.requests.size());
    }

    @Test
    void aTimeoutWithActionKillClosesWithConnectionTimeoutAndTells() {
        pinger.update(KILL);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        clock.advanceTo(60_000);
        clock.advanceTo(92_000);
        // what a dependent stage would pass on
        iq.last().answer().completeExceptionally(new CompletionException(new TimeoutException()));
        assertEquals(List.of("juliet@capulet.lit/balcony killed"), events);
        assertEquals(StreamError.Condition.CONNECTION_TIMEOUT, s.connection.closedWith);
        assertEquals("no answer to ping", s.connection.closeText);
        assertEquals(0, clock.pending());
        assertEquals(0, pinger.watched());
        pinger.close(s); // the session manager's sessionClosed that follows
        assertEquals(0, clock.pending());
    }

    @Test
    void aFailureOtherThanATimeoutIsNotTheClientsFault() {
        pinger.update(KILL);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        clock.advanceTo(60_000);
        iq.last().answer().completeExceptionally(new IllegalStateException("router gone"));
        assertEquals(List.of(), events);
        assertNull(s.connection.closedWith);
        assertEquals(120_000, clock.nextDue());
    }

    @Test
    void aRequestRefusedAtOnceStillLeavesTheSessionWatched() {
        SessionPinger p = new SessionPinger(clock, (stanza, timeout, unit) -> {
            throw new IllegalArgumentException("an iq with this id is already pending");
        }, sm, (session, killed) -> events.add("unexpected"));
        p.update(NONE);
        FakeSession s = new FakeSession("juliet@capulet.lit/balcony", clock);
        sm.sessions.add(s);
        p.open(s);
        clock.advanceTo(60_000);
        assertEquals(List.of(), events);
        assertEquals(120_000, clock.nextDue());
    }

    @Test
    void aClosedSessionHasNothingScheduled() {
        pinger.update(NONE);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        pinger.close(s);
        assertEquals(0, clock.pending());
        assertEquals(0, pinger.watched());
        clock.advanceBy(600_000);
        assertTrue(iq.requests.isEmpty());
    }

    @Test
    void aSessionClosedWhileItsPingIsInFlightIsForgotten() {
        pinger.update(KILL);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        clock.advanceTo(60_000);
        pinger.close(s);
        iq.last().answer().completeExceptionally(new TimeoutException());
        assertEquals(List.of(), events);
        assertNull(s.connection.closedWith);
        assertEquals(0, clock.pending());
    }

    @Test
    void aShorterIntervalReplansTheWaitingChecks() {
        pinger.update(NONE);
        bind("juliet@capulet.lit/balcony");
        clock.advanceTo(5_000);
        pinger.update(new SessionPinger.Settings(true, 10_000, 32_000, false));
        assertEquals(1, clock.pending());
        assertEquals(10_000, clock.nextDue(), "idle 5 s, new interval 10 s");
        clock.advanceTo(10_000);
        assertEquals(1, iq.requests.size());
    }

    @Test
    void aLongerIntervalReplansTheWaitingChecks() {
        pinger.update(NONE);
        bind("juliet@capulet.lit/balcony");
        clock.advanceTo(5_000);
        pinger.update(new SessionPinger.Settings(true, 120_000, 32_000, false));
        clock.advanceTo(119_999);
        assertTrue(iq.requests.isEmpty());
        clock.advanceTo(120_000);
        assertEquals(1, iq.requests.size());
    }

    @Test
    void aPingInFlightIsAnsweredWithTheNewSettings() {
        pinger.update(NONE);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        clock.advanceTo(60_000);
        pinger.update(new SessionPinger.Settings(true, 10_000, 5_000, true));
        assertEquals(0, clock.pending(), "no check beside the ping in flight");
        clock.advanceTo(61_000);
        s.connection.clientSent();
        iq.last().answer().complete(iq.last().iq().resultReply());
        assertEquals(71_000, clock.nextDue());
    }

    @Test
    void turningPingsOffCancelsEverythingAndOnTakesTheSessionsBack() {
        pinger.update(NONE);
        bind("juliet@capulet.lit/balcony");
        bind("romeo@montague.lit/orchard");
        pinger.update(OFF);
        assertEquals(0, clock.pending());
        assertEquals(0, pinger.watched());
        bind("nurse@capulet.lit/chamber"); // opened while off: not watched
        assertEquals(0, clock.pending());
        pinger.update(NONE);
        assertEquals(3, clock.pending());
    }

    @Test
    void startingTakesOverTheSessionsThatExistWithTheirIdleness() {
        FakeSession talked = new FakeSession("juliet@capulet.lit/balcony", clock);
        FakeSession silent = new FakeSession("romeo@montague.lit/orchard", clock);
        sm.sessions.addAll(List.of(talked, silent));
        clock.advanceTo(20_000);
        talked.connection.clientSent();
        clock.advanceTo(70_000);
        pinger.update(NONE); // as after a bundle update: the old version's timers are gone
        assertEquals(2, clock.pending());
        clock.advanceTo(70_000);
        assertEquals(1, iq.requests.size());
        assertEquals(silent.jid(), iq.last().iq().to(), "silent 70 s: due at once");
        assertEquals(80_000, clock.nextDue(), "silent 50 s: due in 10 s");
    }

    @Test
    void aSessionThatEndedUnnoticedIsDroppedInsteadOfPinged() {
        pinger.update(NONE);
        FakeSession s = bind("juliet@capulet.lit/balcony");
        sm.sessions.remove(s); // its sessionClosed never reached us
        clock.advanceTo(60_000);
        assertTrue(iq.requests.isEmpty());
        assertEquals(0, pinger.watched());
        assertEquals(0, clock.pending());
    }

    @Test
    void shutdownCancelsEverythingAndIgnoresLateAnswers() {
        pinger.update(KILL);
        FakeSession a = bind("juliet@capulet.lit/balcony");
        clock.advanceTo(30_000);
        bind("romeo@montague.lit/orchard");
        clock.advanceTo(60_000); // a's ping in flight, b waiting
        pinger.shutdown();
        assertEquals(0, clock.pending());
        iq.last().answer().completeExceptionally(new TimeoutException());
        assertEquals(List.of(), events);
        assertNull(a.connection.closedWith);
        bind("nurse@capulet.lit/chamber");
        assertEquals(0, clock.pending());
    }

    @Test
    void aHundredThousandSessionsCostOnePendingTaskEach() {
        int n = 100_000;
        List<ClientSession> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(new FakeSession("user" + i + "@capulet.lit/r", clock));
        }
        sm.sessions.addAll(all);
        pinger.update(NONE);
        assertEquals(n, clock.pending());
        all.forEach(pinger::open); // sessionOpened arriving for sessions already taken over
        assertEquals(n, clock.pending());
        clock.advanceTo(30_000);
        all.forEach(s -> ((FakeSession) s).connection.clientSent());
        clock.advanceTo(60_000); // every check finds the client talked and re-plans itself
        assertEquals(n, clock.pending());
        assertEquals(90_000, clock.nextDue());
        assertTrue(iq.requests.isEmpty());
    }
}
