package im.confab.sm.presence.internal;

import im.confab.api.jid.Jid;
import im.confab.api.router.Router;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionListener;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Scheduler;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore;
import im.confab.api.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * RFC 6121 4.5.2 and 4.6.3: when a session ends without unavailable presence, its subscribers and the entities
 * it sent directed presence to are told it is unavailable.
 */
@Component(service = SessionListener.class, configurationPid = "xmpp.sm.presence")
public final class UnavailableOnClose implements SessionListener {
    private static final System.Logger LOG = System.getLogger(UnavailableOnClose.class.getName());
    private final RosterStore store;
    private final SessionManager sessions;
    private final Scheduler scheduler;
    private final Router router;

    @Activate
    public UnavailableOnClose(@Reference(name = "store") RosterStore store,
            @Reference(name = "sessionManager") SessionManager sessions,
            @Reference(name = "scheduler") Scheduler scheduler, @Reference(name = "router") Router router) {
        this.store = store;
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.router = router;
    }

    @Override
    public void sessionClosed(ClientSession session) {
        boolean wasAvailable = Boolean.TRUE.equals(session.attribute(PresenceState.AVAILABLE));
        Set<Jid> directed = session.attribute(PresenceState.DIRECTED);
        List<Jid> targets = directed == null ? List.of() : List.copyOf(directed);
        if (!wasAvailable && targets.isEmpty()) {
            return; // it had sent unavailable already, or never was available
        }
        // Listeners run inline on the thread that ended the session and must not block; reading the roster may.
        // The Scheduler (delay 0) moves the read off that thread.
        scheduler.schedule(() -> broadcast(session, wasAvailable, targets), 0, TimeUnit.MILLISECONDS);
    }

    void broadcast(ClientSession session, boolean wasAvailable, List<Jid> directed) {
        Jid full = session.jid();
        ClientSession now = PresenceState.session(sessions, full);
        if (now != null && now != session && now.attribute(PresenceState.AVAILABLE) != null) {
            return; // a new connection took the same full JID over (kick_old) and speaks for it now
        }
        List<Jid> subscribers = List.of();
        if (wasAvailable) {
            try {
                subscribers = Contacts.subscribers(store.roster(full.local()));
            } catch (StoreException e) {
                LOG.log(Level.ERROR, "roster of " + full.bare() + " unavailable; contacts not told " + full
                        + " went offline", e);
            }
        }
        for (Jid c : Contacts.unavailableTargets(subscribers, directed)) {
            router.route(Stanza.presence().type("unavailable").from(full).to(c).build());
        }
    }
}
