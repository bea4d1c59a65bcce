package im.confab.sm.presence.internal;

import im.confab.api.annotations.PresenceHandler;
import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore;
import im.confab.api.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** RFC 6121 4.3.2 and 4.6.6: answers presence probes to a local user from the presence of its resources. */
@Component(configurationPid = "xmpp.sm.presence")
@PresenceHandler(type = "probe")
public final class ProbeHandler implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(ProbeHandler.class.getName());
    private final RosterStore store;
    private final SessionManager sessions;

    @Activate
    public ProbeHandler(@Reference(name = "store") RosterStore store,
            @Reference(name = "sessionManager") SessionManager sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    @Override
    public Outcome handle(Stanza probe, StanzaContext ctx) {
        Jid to = probe.to();
        if (to.local() == null || probe.from() == null) {
            return Outcome.PASS; // a probe of the server itself: nothing to tell
        }
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // run inline by configuration: the stores are used on the queue
        }
        Jid account = to.bare();
        Jid prober = probe.from().bare();
        boolean subscribed;
        try { // one is subscribed to one's own presence (4.2.2)
            subscribed = prober.equals(account) || Contacts.subscriber(store.item(account.local(), prober)
                    .orElse(null));
        } catch (StoreException e) {
            LOG.log(Level.ERROR, "roster of " + account + " unavailable; probe from " + prober + " unanswered", e);
            return Outcome.HANDLED;
        }
        List<ClientSession> available = new ArrayList<>();
        for (ClientSession s : PresenceState.available(sessions, account)) {
            if (to.isBare() || s.jid().equals(to)) { // a probe of a full JID learns of that resource only
                available.add(s);
            }
        }
        if (subscribed) {
            if (available.isEmpty()) { // rule 3: deterministic, mirroring the probe's id (4.3.2.1)
                ctx.send(Stanza.presence().type("unavailable").id(probe.id()).from(to).to(probe.from()).build());
            }
            for (ClientSession s : available) { // rule 4: the full XML of the last presence, its id kept
                ctx.send(to.isBare() ? s.attribute(PresenceState.LAST).withTo(probe.from()) : mere(s, probe));
            }
            return Outcome.HANDLED;
        }
        boolean directed = false; // 4.6.6: no subscription, but maybe directed presence: mere availability
        for (ClientSession s : sessions.sessions(account)) {
            Set<Jid> d = s.attribute(PresenceState.DIRECTED);
            if (d != null && (d.contains(probe.from()) || d.contains(prober)) && (to.isBare() || s.jid().equals(to))) {
                ctx.send(mere(s, probe));
                directed = true;
            }
        }
        if (!directed) { // rule 1: repairs a subscription the prober's server believes in; no pre-approval lost
            ctx.send(Stanza.presence().type("unsubscribed").id(probe.id()).from(account).to(probe.from()).build());
        }
        return Outcome.HANDLED;
    }

    /** Availability alone, without show, status, priority or extensions. */
    private static Stanza mere(ClientSession s, Stanza probe) {
        Stanza.Builder b = Stanza.presence().from(s.jid()).to(probe.from());
        return (s.attribute(PresenceState.LAST) == null ? b.type("unavailable") : b).build();
    }
}
