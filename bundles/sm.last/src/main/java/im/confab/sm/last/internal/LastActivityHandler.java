package im.confab.sm.last.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.LastActivityStore;
import im.confab.api.store.StoreException;
import im.confab.api.xml.XmlElement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** XEP-0012 Last Activity: the server's uptime, and how long ago an account's user logged out. */
@Component(configurationPid = LastActivityHandler.PID) // its queues (xmpp.processor.*), in conf/xmpp.sm.last.cfg
@IqHandler(namespace = LastActivityHandler.NAMESPACE, element = "query", type = IqType.get)
@DiscoFeature(LastActivityHandler.NAMESPACE)
public final class LastActivityHandler implements StanzaHandler {
    static final String PID = "xmpp.sm.last";
    static final String NAMESPACE = "jabber:iq:last";
    private static final System.Logger LOG = System.getLogger(LastActivityHandler.class.getName());

    private final SessionManager sessions;
    private final LastActivityStore store;
    private final Clock clock;
    // "Uptime" is counted from this component's activation: near enough to the server's start, but it restarts
    // when the component is reactivated (the bundle updated, or the store it is bound to replaced).
    private final Instant started;

    @Activate
    public LastActivityHandler(@Reference(name = "sessionManager") SessionManager sessions,
            @Reference(name = "store") LastActivityStore store) {
        this(sessions, store, Clock.systemUTC());
    }

    LastActivityHandler(SessionManager sessions, LastActivityStore store, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        Jid to = iq.to();
        if (to.isDomain()) {
            // A server query: the seconds are the server's uptime, and anybody may ask.
            ctx.send(result(iq, secondsSince(started), null));
            return Outcome.HANDLED;
        }
        if (to.local() == null || !to.isBare()) {
            return Outcome.PASS; // not an account (the session manager hands processors no full JIDs)
        }
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // run inline by configuration: the stores are used on the queue
        }
        ctx.send(account(iq, to));
        return Outcome.HANDLED;
    }

    private Stanza account(Stanza iq, Jid account) {
        // The offline user query: only those allowed to see the user's presence (a subscription) may ask.
        // There is no roster to check one against yet, so only the user themself may ask for now.
        if (iq.from() == null || !iq.from().bare().equals(account)) {
            return iq.errorReply(Condition.FORBIDDEN);
        }
        for (ClientSession s : sessions.sessions(account)) {
            if (s.available()) {
                return result(iq, 0, null); // online now: the XEP wants seconds='0'
            }
        }
        Optional<LastActivityStore.Last> last;
        try {
            last = store.last(account.local());
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "reading the last activity of " + account + " failed", e);
            return iq.errorReply(Condition.INTERNAL_SERVER_ERROR);
        }
        if (last.isEmpty()) {
            return iq.errorReply(Condition.ITEM_NOT_FOUND); // never logged out since the server records it
        }
        return result(iq, secondsSince(last.get().at()), last.get().status());
    }

    private long secondsSince(Instant then) {
        return Math.max(0, Duration.between(then, clock.instant()).getSeconds()); // never negative on clock steps
    }

    /** @return the result {@code <query xmlns='jabber:iq:last' seconds='…'>status</query>} */
    static Stanza result(Stanza iq, long seconds, String status) {
        XmlElement query = XmlElement.builder("query", NAMESPACE).attribute("seconds", Long.toString(seconds))
                .text(status).build();
        return iq.resultReply().withPayload(List.of(query));
    }
}
