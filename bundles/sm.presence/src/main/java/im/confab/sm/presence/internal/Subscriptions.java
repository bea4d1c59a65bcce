package im.confab.sm.presence.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionManager;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore;
import im.confab.api.store.RosterXml;
import im.confab.sm.presence.internal.SubscriptionMachine.Event;
import im.confab.sm.presence.internal.SubscriptionMachine.Transition;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Runs {@link SubscriptionMachine} transitions against the roster store and the sessions; no OSGi. */
final class Subscriptions {
    private final RosterStore store;
    private final SessionManager sessions;
    private final Supplier<String> ids;

    Subscriptions(RosterStore store, SessionManager sessions, Supplier<String> ids) {
        this.store = store;
        this.sessions = sessions;
        this.ids = ids;
    }

    /** @return the transition the event makes on the user's item for the contact (nothing stored yet) */
    Transition decide(Jid account, Jid contact, Event event) {
        return SubscriptionMachine.apply(store.item(account.local(), contact).orElse(null), contact, event);
    }

    /** Stores the transition's new state; @return the roster version after it */
    long store(Jid account, Transition t) {
        if (!t.changed()) {
            return -1;
        }
        return t.after() == null ? store.remove(account.local(), t.before().jid())
                : store.put(account.local(), t.after());
    }

    /** Pushes the transition's item to the user's interested resources (RFC 6121 2.1.6). */
    void push(Jid account, Transition t, long version, Consumer<Stanza> out) {
        var item = RosterXml.inRoster(t.after()) ? RosterXml.toElement(t.after())
                : RosterXml.removal(t.before().jid());
        for (ClientSession s : RosterXml.interested(sessions.sessions(account))) {
            out.accept(RosterXml.push(account, s.jid(), ids.get(), item, version));
        }
    }

    /** 3.2.2, 3.3.3: unavailable from each of the user's available resources to the contact. */
    void unavailableTo(Jid account, Jid contact, Consumer<Stanza> out) {
        for (ClientSession s : PresenceState.available(sessions, account)) {
            out.accept(Stanza.presence().type("unavailable").from(s.jid()).to(contact).build());
        }
    }

    /** 3.1.5: the current presence of each of the user's available resources to a new subscriber. */
    void presenceTo(Jid account, Jid contact, Consumer<Stanza> out) {
        for (ClientSession s : PresenceState.available(sessions, account)) {
            out.accept(s.attribute(PresenceState.LAST).withTo(contact));
        }
    }

    /** @return a presence of a subscription type from the user's bare JID to the contact's */
    static Stanza reply(String type, String id, Jid account, Jid contact) {
        return Stanza.presence().type(type).id(id).from(account).to(contact).build();
    }

    // A new prefix per instance: pushes of a previous version may still be answered after a hot swap.
    static Supplier<String> pushIds() {
        String prefix = "push-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + "-";
        AtomicLong n = new AtomicLong();
        return () -> prefix + n.incrementAndGet();
    }
}
