package im.confab.sm.presence.internal;

import im.confab.api.annotations.PresenceHandler;
import im.confab.api.annotations.StreamFeature;
import im.confab.api.jid.Jid;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.RosterStore;
import im.confab.api.store.StoreException;
import im.confab.sm.presence.internal.SubscriptionMachine.Effect;
import im.confab.sm.presence.internal.SubscriptionMachine.Event;
import im.confab.sm.presence.internal.SubscriptionMachine.Transition;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * RFC 6121 3.1.2, 3.1.5, 3.2.2, 3.3.2 and 3.4.2: subscription presence the user sends. Updates the user's roster
 * (Appendix A.2), pushes it, and routes the stanza on from the user's bare JID, or not at all where A.2 says so
 * (pre-approvals, 3.4).
 */
@Component(configurationPid = "xmpp.sm.presence")
@PresenceHandler(type = {"subscribe", "subscribed", "unsubscribe", "unsubscribed"},
        direction = StanzaContext.Direction.FROM_CLIENT)
@StreamFeature(namespace = "urn:xmpp:features:pre-approval", element = "sub")
public final class OutboundSubscriptions implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(OutboundSubscriptions.class.getName());
    /** How long the queue waits for a local contact's side to take a subscription stanza before going on. */
    static final long CONTACT_WAIT_MILLIS = 10_000;
    private final Subscriptions subscriptions;
    private final AccountLocks locks;
    private final long contactWaitMillis;

    @Activate
    public OutboundSubscriptions(@Reference(name = "store") RosterStore store,
            @Reference(name = "sessionManager") SessionManager sessions,
            @Reference(name = "locks") AccountLocks locks) {
        this(new Subscriptions(store, sessions, Subscriptions.pushIds()), locks);
    }

    OutboundSubscriptions(Subscriptions subscriptions) {
        this(subscriptions, new AccountLocks());
    }

    OutboundSubscriptions(Subscriptions subscriptions, AccountLocks locks) {
        this(subscriptions, locks, CONTACT_WAIT_MILLIS);
    }

    OutboundSubscriptions(Subscriptions subscriptions, AccountLocks locks, long contactWaitMillis) {
        this.subscriptions = subscriptions;
        this.locks = locks;
        this.contactWaitMillis = contactWaitMillis;
    }

    @Override
    public Outcome handle(Stanza p, StanzaContext ctx) {
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // run inline (xmpp.processor.inline): the roster is written on the queue
        }
        if (p.to() == null || p.from() == null) {
            return Outcome.PASS; // without 'to' it means nothing; the session manager drops it
        }
        CompletionStage<Void> routed;
        synchronized (locks.of(p.from())) { // the item's change and its push, in order with the other direction's
            routed = handleLocked(p, ctx);
        }
        // The next subscription stanza this queue takes waits until the contact's side is done with this one.
        // The contact's roster changes on another plugin queue (InboundSubscriptions); without the wait, a refusal
        // received before a new request could reach the requester's roster after it and cancel it.
        if (routed != null && !StanzaContext.awaitAll(List.of(routed), contactWaitMillis)
                && !Thread.currentThread().isInterrupted()) {
            LOG.log(Level.WARNING, "{0} from {1}: the contact''s side had not taken it after {2} ms; going on",
                    p.type(), p.from(), contactWaitMillis);
        }
        return Outcome.HANDLED;
    }

    /** @return the routed stanza's completion, or null when nothing was routed */
    private CompletionStage<Void> handleLocked(Stanza p, StanzaContext ctx) {
        Jid account = p.from().bare();
        Jid contact = p.to().bare(); // 3.1.2 rule 1: a full JID is treated as the bare one
        if (contact.equals(account)) {
            return null; // one is always subscribed to oneself (4.2.2); there is no such roster item
        }
        Transition t;
        long version;
        try {
            Subscriptions.Applied applied = subscriptions.apply(account, contact, Event.of(p.type(), true));
            t = applied.transition();
            version = applied.version();
        } catch (StoreException e) {
            LOG.log(Level.ERROR, "roster of " + account + " unavailable", e);
            ctx.send(p.errorReply(Condition.INTERNAL_SERVER_ERROR));
            return null;
        }
        if (t.has(Effect.UNAVAILABLE_TO_CONTACT)) { // while the contact may still see the user (3.2.2)
            subscriptions.unavailableTo(account, contact, ctx::send);
        }
        CompletionStage<Void> routed = null;
        if (t.has(Effect.ROUTE)) { // stamped with bare JIDs (section 3 implementation note)
            routed = ctx.sendTracked(p.withFrom(account).withTo(contact));
        }
        if (t.has(Effect.PUSH)) {
            subscriptions.push(account, t, version, ctx::send);
        }
        if (t.has(Effect.PRESENCE_TO_CONTACT)) {
            subscriptions.presenceTo(account, contact, ctx::send);
        }
        return routed;
    }
}
