package im.confab.sm.ping.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.IqClient;
import im.confab.api.sm.Scheduler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StreamError;
import im.confab.api.xml.XmlElement;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * XEP-0199 server-to-client pings, the logic of ejabberd's mod_ping (send_pings) without OSGi.
 *
 * <p>ejabberd re-arms a timer on every packet a client sends; at 100,000 sessions that is work on every stanza.
 * Here each session has exactly one pending {@link Scheduler} task (or, instead, one ping in flight) and the
 * connection's {@code idleMillis()} tells at check time whether the client spoke meanwhile: if it did, the check
 * is pushed back to when the interval of silence would end.
 *
 * <p>Each session's state is guarded by its entry's monitor; every timer task and ping answer carries the entry
 * generation it was made for, so a task that was cancelled too late or an answer for a superseded ping finds
 * the generation moved on and does nothing. Calls out (listeners, close, session manager, iq) happen outside
 * the monitor; only {@code Scheduler.schedule}, which never runs the task inline, is called inside it.
 */
final class SessionPinger {
    static final String NAMESPACE = "urn:xmpp:ping";
    private static final System.Logger LOG = System.getLogger(SessionPinger.class.getName());
    private static final XmlElement PING = XmlElement.of("ping", NAMESPACE);

    /** Validated settings, times in milliseconds. */
    record Settings(boolean enabled, long intervalMillis, long ackTimeoutMillis, boolean kill) {
    }

    /** Told when a ping went unanswered: ejabberd's {@code user_ping_timeout} hook. */
    interface TimeoutListener {
        void pingTimedOut(ClientSession session, boolean killed);
    }

    private static final class Entry {
        final ClientSession session;
        Scheduler.Task check; // the pending check; null while a ping is in flight
        boolean pinging;
        long generation;

        Entry(ClientSession session) {
            this.session = session;
        }
    }

    private final Scheduler scheduler;
    private final IqClient iqClient;
    private final SessionManager sessionManager;
    private final TimeoutListener listener;
    private final Map<ClientSession, Entry> entries = new ConcurrentHashMap<>();
    // A new prefix per instance: after a hot swap the old version's pings may still be in flight.
    private final String idPrefix = "ping-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + "-";
    private final AtomicLong ids = new AtomicLong();
    private volatile Settings settings = new Settings(false, 1, 1, false);
    private volatile boolean shutDown;

    SessionPinger(Scheduler scheduler, IqClient iqClient, SessionManager sessionManager, TimeoutListener listener) {
        this.scheduler = scheduler;
        this.iqClient = iqClient;
        this.sessionManager = sessionManager;
        this.listener = listener;
    }

    /** Applies settings: re-plans every waiting session, and on enabling takes over the sessions that exist. */
    void update(Settings s) {
        boolean wasEnabled = settings.enabled();
        settings = s;
        if (!s.enabled()) {
            entries.values().forEach(this::forget);
            return;
        }
        // A ping in flight is left alone; its answer is handled with the new settings.
        for (Entry e : entries.values()) {
            synchronized (e) {
                if (isCurrent(e) && !e.pinging && e.check != null) {
                    e.check.cancel();
                    planFromIdle(e, s);
                }
            }
        }
        if (!wasEnabled) {
            sessionManager.sessions().forEach(this::open);
        }
    }

    /** Starts watching a session (idempotent). */
    void open(ClientSession session) {
        if (!settings.enabled() || shutDown) {
            return;
        }
        Entry e = new Entry(session);
        if (entries.putIfAbsent(session, e) != null) {
            return;
        }
        synchronized (e) {
            planFromIdle(e, settings);
        }
        if (!settings.enabled() || shutDown) { // lost a race with update(disabled) or shutdown()
            forget(e);
        }
    }

    /** Stops watching a session. */
    void close(ClientSession session) {
        Entry e = entries.get(session);
        if (e != null) {
            forget(e);
        }
    }

    /** Cancels everything; answers still in flight are ignored. */
    void shutdown() {
        shutDown = true;
        entries.values().forEach(this::forget);
    }

    /** @return how many sessions are watched */
    int watched() {
        return entries.size();
    }

    private boolean isCurrent(Entry e) {
        return entries.get(e.session) == e;
    }

    private void forget(Entry e) {
        synchronized (e) {
            entries.remove(e.session, e);
            e.generation++;
            e.pinging = false;
            if (e.check != null) {
                e.check.cancel();
                e.check = null;
            }
        }
    }

    // Caller holds the monitor. A client that spoke 'idle' ms ago is due when the interval of silence ends.
    private void planFromIdle(Entry e, Settings s) {
        long idle = Math.max(0, e.session.connection().idleMillis());
        schedule(e, Math.max(0, s.intervalMillis() - idle));
    }

    private void schedule(Entry e, long delayMillis) {
        long g = ++e.generation;
        e.check = scheduler.schedule(() -> check(e, g), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void check(Entry e, long g) {
        Settings s = settings;
        long ping;
        synchronized (e) {
            if (e.generation != g || !isCurrent(e)) {
                return;
            }
            e.check = null;
            long idle = Math.max(0, e.session.connection().idleMillis());
            if (idle < s.intervalMillis()) {
                schedule(e, s.intervalMillis() - idle);
                return;
            }
            e.pinging = true;
            ping = ++e.generation;
        }
        // Guards against a session that ended before we were told (e.g. around a hot swap); silent sessions only.
        Jid jid = e.session.jid();
        if (!sessionManager.sessions(jid.bare()).contains(e.session)) {
            forget(e);
            return;
        }
        Stanza iq = Stanza.iq("get").id(idPrefix + ids.incrementAndGet()).from(jid.domainJid()).to(jid)
                .child(PING).build();
        try {
            iqClient.request(iq, s.ackTimeoutMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((answer, failure) -> answered(e, ping, failure));
        } catch (RuntimeException x) { // e.g. refused at once: still plan the next check, or the session is lost
            answered(e, ping, x);
        }
    }

    private void answered(Entry e, long g, Throwable failure) {
        Settings s = settings;
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        boolean timedOut = cause instanceof TimeoutException;
        boolean kill = timedOut && s.kill();
        synchronized (e) {
            if (e.generation != g || !e.pinging || !isCurrent(e)) {
                return; // session closed, pinger disabled or shut down meanwhile
            }
            e.pinging = false;
            if (kill) {
                entries.remove(e.session, e);
                e.generation++;
            } else {
                // A result or an error (service-unavailable from a client without ping) proves the client is
                // there; after a timeout with action none we keep asking at the interval, not at once.
                schedule(e, s.intervalMillis());
            }
        }
        if (cause != null && !timedOut) {
            LOG.log(Level.WARNING, "ping to " + e.session.jid() + " failed", cause);
            return;
        }
        if (timedOut) {
            listener.pingTimedOut(e.session, kill);
            if (kill) {
                e.session.connection().close(StreamError.Condition.CONNECTION_TIMEOUT, "no answer to ping");
            }
        }
    }
}
