package im.confab.sm.ping.internal;

import static im.confab.sm.ping.internal.ServerPinger.TimeoutAction.kill;
import static im.confab.sm.ping.internal.ServerPinger.TimeoutAction.none;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionListener;
import im.confab.api.stanza.StreamError;
import im.confab.sm.ping.internal.Fakes.FakeIqClient;
import im.confab.sm.ping.internal.Fakes.FakeScheduler;
import im.confab.sm.ping.internal.Fakes.FakeSession;
import im.confab.test.support.FakeSessionManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** The component's wiring: configuration, listener fan-out, lifecycle. The timing is in SessionPingerTest. */
class ServerPingerTest {
    private final FakeScheduler clock = new FakeScheduler();
    private final FakeIqClient iq = new FakeIqClient();
    private final FakeSessionManager sm = new FakeSessionManager();

    @Test
    void badValuesFailActivationNamingThePidAndTheKey() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> new ServerPinger(clock, iq, sm, Fakes.config(true, 0, 32, none))).getMessage();
        assertTrue(m.startsWith("xmpp.sm.ping: ping.interval "), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new ServerPinger(clock, iq, sm, Fakes.config(true, 60, 0, none))).getMessage();
        assertTrue(m.startsWith("xmpp.sm.ping: ping.ack.timeout "), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> new ServerPinger(clock, iq, sm, Fakes.config(true, 60, 32, null))).getMessage();
        assertTrue(m.startsWith("xmpp.sm.ping: timeout.action "), m);
    }

    @Test
    void offByDefaultItWatchesNothing() {
        sm.sessions.add(new FakeSession("juliet@capulet.lit/balcony", clock));
        ServerPinger p = new ServerPinger(clock, iq, sm, Fakes.config(false, 60, 32, none));
        p.sessionOpened(new FakeSession("romeo@montague.lit/orchard", clock));
        assertEquals(0, clock.pending());
    }

    @Test
    void activationTakesOverExistingSessionsAndDeactivationCancels() {
        sm.sessions.add(new FakeSession("juliet@capulet.lit/balcony", clock));
        sm.sessions.add(new FakeSession("romeo@montague.lit/orchard", clock));
        ServerPinger p = new ServerPinger(clock, iq, sm, Fakes.config(true, 60, 32, none));
        assertEquals(2, clock.pending());
        FakeSession nurse = new FakeSession("nurse@capulet.lit/chamber", clock);
        sm.sessions.add(nurse);
        p.sessionOpened(nurse);
        assertEquals(3, clock.pending());
        p.sessionClosed(nurse);
        assertEquals(2, clock.pending());
        p.modified(Fakes.config(false, 60, 32, none));
        assertEquals(0, clock.pending());
        p.modified(Fakes.config(true, 60, 32, none));
        assertEquals(3, clock.pending(), "the nurse is still in the session manager's snapshot");
        p.deactivate();
        assertEquals(0, clock.pending());
    }

    @Test
    void aBadModificationKeepsThePreviousSettings() {
        FakeSession s = new FakeSession("juliet@capulet.lit/balcony", clock);
        sm.sessions.add(s);
        ServerPinger p = new ServerPinger(clock, iq, sm, Fakes.config(true, 60, 32, none));
        assertThrows(IllegalArgumentException.class, () -> p.modified(Fakes.config(true, 0, 32, none)));
        assertEquals(60_000, clock.nextDue());
    }

    @Test
    void aTimeoutReachesEveryOtherListenerEvenPastAFaultyOneAndThenKills() {
        FakeSession s = new FakeSession("juliet@capulet.lit/balcony", clock);
        sm.sessions.add(s);
        ServerPinger p = new ServerPinger(clock, iq, sm, Fakes.config(true, 60, 32, kill));
        List<String> heard = new ArrayList<>();
        p.addListener(new SessionListener() {
            @Override
            public void pingTimedOut(ClientSession session, boolean killed) {
                throw new IllegalStateException("faulty listener (expected in this test)");
            }
        });
        SessionListener good = new SessionListener() {
            @Override
            public void pingTimedOut(ClientSession session, boolean killed) {
                heard.add(session.jid() + " " + killed);
            }
        };
        p.addListener(good);
        clock.advanceTo(60_000);
        assertEquals(1, iq.requests.size());
        iq.last().answer().completeExceptionally(new TimeoutException());
        assertEquals(List.of("juliet@capulet.lit/balcony true"), heard);
        assertEquals(StreamError.Condition.CONNECTION_TIMEOUT, s.connection.closedWith);

        p.removeListener(good);
        FakeSession r = new FakeSession("romeo@montague.lit/orchard", clock);
        sm.sessions.add(r);
        p.sessionOpened(r);
        clock.advanceBy(60_000);
        iq.last().answer().completeExceptionally(new TimeoutException());
        assertEquals(1, heard.size(), "an unbound listener hears nothing more");
    }
}
