package im.confab.sm.presence.internal;

import im.confab.api.annotations.PresenceHandler;
import im.confab.api.annotations.Processor;
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
import java.util.List;
import java.util.Set;

/**
 * RFC 6121 4.2.2, 4.4.2, 4.5.2: broadcast presence (no 'to') to the contacts subscribed to the user; on initial
 * presence also probes (4.3.1) and redelivery of pending subscription requests (3.1.3). PASS: the session
 * manager then sets the session's availability and shows the presence to the account's own resources.
 */
@Component(configurationPid = "xmpp.sm.presence")
@PresenceHandler(type = {"available", "unavailable"}, direction = StanzaContext.Direction.FROM_CLIENT)
@Processor(inline = true) // with the roster in the store's memory; else deferred to the queue, which reads it
public final class PresenceBroadcaster implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(PresenceBroadcaster.class.getName());
    private final RosterStore store;
    private final SessionManager sessions;

    @Activate
    public PresenceBroadcaster(@Reference(name = "store") RosterStore store,
            @Reference(name = "sessionManager") SessionManager sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    @Override
    public Outcome handle(Stanza p, StanzaContext ctx) {
        ClientSession s = ctx.origin();
        if (p.to() != null || s == null) {
            return Outcome.PASS; // directed presence: DirectedPresence
        }
        try {
            // unavailable needs the roster only from a session that was available
            RosterStore.Roster roster = null;
            if (p.type() == null || Boolean.TRUE.equals(s.attribute(PresenceState.AVAILABLE))) {
                String user = s.jid().local();
                roster = ctx.mayBlock() ? store.roster(user) : store.cachedRoster(user);
                if (roster == null) {
                    return Outcome.DEFER; // not in memory: read on the queue (and kept for the next time)
                }
            }
            if (p.type() == null) {
                available(p, s, ctx, roster);
            } else {
                unavailable(p, s, ctx, roster);
            }
        } catch (StoreException e) { // a presence has no one to answer; the session manager still does its part
            LOG.log(Level.ERROR, "roster of " + s.jid().bare() + " unavailable; presence not broadcast", e);
        }
        return Outcome.PASS;
    }

    private void available(Stanza p, ClientSession s, StanzaContext ctx, RosterStore.Roster roster) {
        boolean initial = !Boolean.TRUE.equals(s.attribute(PresenceState.AVAILABLE));
        s.attribute(PresenceState.AVAILABLE, Boolean.TRUE);
        s.attribute(PresenceState.LAST, p);
        Jid full = s.jid();
        Jid account = full.bare();
        for (Jid c : Contacts.subscribers(roster)) { // the full XML, from the full JID (stamped already)
            ctx.send(p.withTo(c));
        }
        if (!initial) {
            return;
        }
        for (Jid c : Contacts.subscriptions(roster)) {
            // A local contact's answer must reach this resource, which the session manager marks available
            // only after this processor: probed from the full JID it is addressed there. Remote contacts get the
            // bare JID, as 4.3 requires.
            Jid prober = sessions.servesDomain(c.domain()) ? full : account;
            ctx.send(Stanza.presence().type("probe").from(prober).to(c).build());
        }
        for (ClientSession other : PresenceState.available(sessions, account)) { // one's own presence (4.2.2)
            if (other != s) {
                ctx.send(other.attribute(PresenceState.LAST).withTo(full));
            }
        }
        for (Jid c : Contacts.pendingIn(roster)) { // 3.1.3 rule 4: until approved or denied
            PresenceState.expectRedelivery(s, c);
            ctx.send(Stanza.presence().type("subscribe").from(c).to(full).build());
        }
        for (Jid c : Contacts.pendingOut(roster)) { // 3.1.2: resent in case it was lost on the way
            if (!sessions.servesDomain(c.domain())) {
                ctx.send(Stanza.presence().type("subscribe").from(account).to(c).build());
            }
        }
    }

    private void unavailable(Stanza p, ClientSession s, StanzaContext ctx, RosterStore.Roster roster) {
        boolean was = Boolean.TRUE.equals(s.attribute(PresenceState.AVAILABLE));
        Set<Jid> directed = s.attribute(PresenceState.DIRECTED);
        s.attribute(PresenceState.AVAILABLE, null);
        s.attribute(PresenceState.LAST, null);
        s.attribute(PresenceState.DIRECTED, null); // 4.6.1: the list ends with the presence session
        List<Jid> subscribers = was && roster != null ? Contacts.subscribers(roster) : List.of();
        for (Jid c : Contacts.unavailableTargets(subscribers, directed == null ? Set.of() : directed)) {
            ctx.send(p.withTo(c));
        }
    }
}
