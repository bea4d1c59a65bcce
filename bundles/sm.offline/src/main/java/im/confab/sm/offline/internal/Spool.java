package im.confab.sm.offline.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.OfflineStore;
import im.confab.api.store.StoreException;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * XEP-0160 offline messages, the logic behind both plugin components: keeping a message for an account that has
 * no resource to take it, and handing the kept messages to a resource when it becomes able to take them.
 *
 * <p>The two run on different session-manager queues. A per-user lock makes "is anybody receiving? then store"
 * and "mark the session receiving, then read the store" exclusive, so a message stored while its recipient
 * comes online is either read by that delivery or sent straight to the new session: none is left behind until
 * the next login. Delivery is at-least-once: stored messages are deleted only after they were sent, so a crash
 * (or a failed delete) between the two hands them out again at the next login.
 */
final class Spool {
    /** Set on a session once kept messages were handed to it, until it goes unavailable or negative. */
    static final SessionAttribute<Boolean> DELIVERED =
            new SessionAttribute<>("im.confab.sm.offline.delivered", Boolean.class);
    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final int STRIPES = 256;

    /** Validated configuration. */
    record Settings(int quota, int batchSize) {
        Settings {
            if (quota < 1) {
                throw new IllegalArgumentException(OfflineSpool.PID + ": quota must be at least 1, was " + quota);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException(OfflineSpool.PID + ": batch.size must be at least 1, was "
                        + batchSize);
            }
        }
    }

    private final OfflineStore store;
    private final SessionManager sessions;
    private final Clock clock;
    private final Object[] locks = new Object[STRIPES];
    private volatile Settings settings;

    Spool(OfflineStore store, SessionManager sessions, Clock clock, Settings settings) {
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
        this.settings = settings;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    void update(Settings s) {
        settings = s;
    }

    /**
     * A normal or chat message to a local account that no processor took.
     *
     * @return HANDLED once it is durably stored (or refused with an error); PASS for the default delivery;
     *         DEFER where it must not block and the message is to be stored
     */
    Outcome keep(Stanza message, StanzaContext ctx) {
        Jid to = message.to();
        if (to == null || to.local() == null) {
            return Outcome.PASS;
        }
        List<ClientSession> mine = sessions.sessions(to.bare());
        if (to.resource() != null && bound(mine, to) || receiving(mine) || !OfflinePolicy.storable(message)) {
            return Outcome.PASS; // RFC 6121 8.5: the default delivers it, or bounces what we do not keep
        }
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // storing (or racing a login) takes the lock and the store: on the queue
        }
        String user = to.local();
        boolean stored;
        try {
            synchronized (lock(user)) {
                mine = sessions.sessions(to.bare()); // again, now that no delivery can start or be half-way
                if (receiving(mine)) {
                    return Outcome.PASS;
                }
                List<ClientSession> starting = starting(mine);
                if (!starting.isEmpty()) {
                    // their kept messages went out, their presence is not yet applied: straight to them
                    starting.forEach(s -> ctx.send(message.withTo(s.jid())));
                    return Outcome.HANDLED;
                }
                stored = store.store(user, message, clock.instant(), settings.quota());
            }
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "could not store an offline message for " + to.bare(), e);
            reply(message, Condition.INTERNAL_SERVER_ERROR, ctx);
            return Outcome.HANDLED;
        }
        if (!stored) {
            // XEP-0160 section 2 step 3: the queue is full
            reply(message, Condition.SERVICE_UNAVAILABLE, ctx);
        }
        return Outcome.HANDLED; // only now: store() returned, the message is durable
    }

    /**
     * Available or unavailable presence a session sent without 'to' (its own presence), before it is applied.
     *
     * @return PASS; DEFER where it must not block and kept messages are to be read
     */
    Outcome ownPresence(Stanza presence, StanzaContext ctx) {
        ClientSession session = ctx.origin();
        if (presence.to() != null || session == null || session.jid().local() == null) {
            return Outcome.PASS;
        }
        if (presence.type() != null || priority(presence.element().childText("priority")) < 0) {
            session.attribute(DELIVERED, null); // unavailable or negative: no longer a receiver
            return Outcome.PASS;
        }
        if (session.attribute(DELIVERED) != null) {
            return Outcome.PASS; // a later presence of a session already receiving: the store is not read again
        }
        if (!ctx.mayBlock()) {
            return Outcome.DEFER;
        }
        // Initial presence, or back from a negative priority: XEP-0160 delivers at the "next non-negative
        // available presence". The session manager applies it after us, so available() may still be false.
        String user = session.jid().local();
        synchronized (lock(user)) {
            session.attribute(DELIVERED, Boolean.TRUE);
            try {
                deliver(user, session, ctx);
            } catch (RuntimeException e) { // StoreException, or routing failed: the presence must still go on
                session.attribute(DELIVERED, null); // the next available presence tries again
                LOG.log(Level.WARNING, "could not deliver the offline messages of " + session.jid().bare(), e);
            }
        }
        return Outcome.PASS;
    }

    private void deliver(String user, ClientSession session, StanzaContext ctx) {
        int batch = settings.batchSize();
        String domain = session.jid().domain();
        Set<Long> sent = new HashSet<>();
        while (true) {
            List<OfflineStore.Stored> kept = store.peek(user, batch);
            List<Long> ids = new ArrayList<>(kept.size());
            for (OfflineStore.Stored m : kept) {
                if (!sent.add(m.id())) {
                    LOG.log(Level.WARNING, "the offline store still returns delivered message {0} of {1}; "
                            + "stopping", m.id(), user);
                    return;
                }
                // to the full JID: to the bare JID it would come back to us, the session not being available yet
                ctx.send(Delay.stamped(m.message().withTo(session.jid()), domain, m.stamp()));
                ids.add(m.id());
            }
            if (!ids.isEmpty()) {
                store.delete(user, ids); // after sending: a crash in between means duplicates, never loss
            }
            if (kept.size() < batch || !sessions.sessions(session.jid().bare()).contains(session)) {
                return; // all read, or the session went away: the rest waits for the next login
            }
        }
    }

    private static boolean bound(List<ClientSession> mine, Jid full) {
        for (ClientSession s : mine) {
            if (s.jid().equals(full)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 6121 8.5.2: an available resource with a non-negative priority takes messages to the bare JID. */
    private static boolean receiving(List<ClientSession> mine) {
        for (ClientSession s : mine) {
            if (s.available() && s.priority() >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Sessions whose kept messages were sent but whose initial presence the session manager has not applied. */
    private static List<ClientSession> starting(List<ClientSession> mine) {
        List<ClientSession> l = new ArrayList<>(1);
        for (ClientSession s : mine) {
            if (!s.available() && s.attribute(DELIVERED) != null) {
                l.add(s);
            }
        }
        return l;
    }

    private Object lock(String user) {
        return locks[Math.floorMod(user.hashCode(), STRIPES)];
    }

    private static void reply(Stanza message, Condition condition, StanzaContext ctx) {
        if (message.from() != null && !message.isError()) {
            ctx.send(message.errorReply(condition));
        }
    }

    /** @return the priority of a presence (RFC 6121 4.7.2.3), 0 when missing or invalid, as the session manager */
    static int priority(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int p = Integer.parseInt(text.trim());
            return p < -128 || p > 127 ? 0 : p;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
