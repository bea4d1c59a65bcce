package im.confab.sm.presence.internal;

import im.confab.api.annotations.PresenceHandler;
import im.confab.api.auth.AccountStore;
import im.confab.api.jid.Jid;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore;
import im.confab.api.store.StoreException;
import im.confab.sm.presence.internal.SubscriptionMachine.Effect;
import im.confab.sm.presence.internal.SubscriptionMachine.Event;
import im.confab.sm.presence.internal.SubscriptionMachine.Transition;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;

/**
 * RFC 6121 3.1.3, 3.1.6, 3.2.3, 3.3.3: subscription presence a contact sends to a local user. Updates the user's
 * roster (Appendix A.3), answers on the user's behalf where the RFC says so, and lets the session manager deliver
 * the stanza (PASS) when it is to be delivered, or drops it.
 */
@Component(configurationPid = "xmpp.sm.presence")
@PresenceHandler(type = {"subscribe", "subscribed", "unsubscribe", "unsubscribed"})
public final class InboundSubscriptions implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(InboundSubscriptions.class.getName());
    private final Subscriptions subscriptions;
    private final SessionManager sessions;
    private final AccountStore accounts;
    private final AccountLocks locks;

    @Activate
    public InboundSubscriptions(@Reference(name = "store") RosterStore store,
            @Reference(name = "sessionManager") SessionManager sessions,
            @Reference(name = "accounts") AccountStore accounts, @Reference(name = "locks") AccountLocks locks) {
        this(new Subscriptions(store, sessions, Subscriptions.pushIds()), sessions, accounts, locks);
    }

    InboundSubscriptions(Subscriptions subscriptions, SessionManager sessions, AccountStore accounts) {
        this(subscriptions, sessions, accounts, new AccountLocks());
    }

    InboundSubscriptions(Subscriptions subscriptions, SessionManager sessions, AccountStore accounts,
                         AccountLocks locks) {
        this.subscriptions = subscriptions;
        this.sessions = sessions;
        this.accounts = accounts;
        this.locks = locks;
    }

    @Override
    public Outcome handle(Stanza p, StanzaContext ctx) {
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // run inline by configuration: the account's lock and store on the queue
        }
        if (p.to().local() == null || p.from() == null) {
            return handleLocked(p, ctx);
        }
        synchronized (locks.of(p.to())) { // the item's change and its push, in order with the other direction's
            return handleLocked(p, ctx);
        }
    }

    private Outcome handleLocked(Stanza p, StanzaContext ctx) {
        if (p.to().local() == null || p.from() == null) {
            return Outcome.PASS; // to the server itself: nothing to do with a roster
        }
        Jid account = p.to().bare(); // 3.1.3: a full JID is treated as the bare one
        Jid contact = p.from().bare();
        if (contact.equals(account)) {
            return Outcome.HANDLED;
        }
        Event event = Event.of(p.type(), false);
        if (event == Event.SUBSCRIBE_IN && !p.to().isBare()
                && PresenceState.takeRedelivery(sessions, p.to(), contact)) {
            return Outcome.PASS; // a pending request PresenceBroadcaster hands to a newly available resource
        }
        Transition t;
        long version;
        try {
            if (!subscriptions.hasItem(account, contact) && !accounts.exists(account.local())) {
                return Outcome.HANDLED; // 8.5.1: no such user; keep no record for it
            }
            Subscriptions.Applied applied = subscriptions.apply(account, contact, event);
            t = applied.transition();
            version = applied.version();
        } catch (StoreException e) {
            LOG.log(Level.ERROR, "roster of " + account + " unavailable; " + p.type() + " from " + contact
                    + " dropped", e);
            return Outcome.HANDLED;
        }
        if (t.has(Effect.REPLY_SUBSCRIBED)) { // mirrors the request's id, as in the RFC's examples
            ctx.send(Subscriptions.reply("subscribed", p.id(), account, contact));
        }
        if (t.has(Effect.REPLY_UNSUBSCRIBED)) {
            ctx.send(Subscriptions.reply("unsubscribed", p.id(), account, contact));
        }
        if (t.has(Effect.UNAVAILABLE_TO_CONTACT)) { // 3.3.3 rule 3
            subscriptions.unavailableTo(account, contact, ctx::send);
        }
        if (t.has(Effect.PRESENCE_TO_CONTACT)) { // a pre-approved request was just approved
            subscriptions.presenceTo(account, contact, ctx::send);
        }
        // 3.1.6 and 3.2.3 want the stanza delivered before this push; a processor can only have the session
        // manager deliver it after returning (see the report: StanzaContext has no way to deliver now)
        if (t.has(Effect.PUSH)) {
            subscriptions.push(account, t, version, ctx::send);
        }
        return t.has(Effect.DELIVER) ? Outcome.PASS : Outcome.HANDLED;
    }
}
