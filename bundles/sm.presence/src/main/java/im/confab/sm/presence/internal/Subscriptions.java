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

    /** @return true if the user's roster has a record (item or pending request) for the contact */
    boolean hasItem(Jid account, Jid contact) {
        return store.item(account.local(), contact).isPresent();
    }

    /** A transition as stored, and the roster version after it (-1 when nothing changed). */
    record Applied(Transition transition, long version) {
    }

    /**
     * Decides the transition the event makes on the user's item for the contact and stores it in one atomic
     * step: the outbound and inbound processors run on different queues and may change the same item at once.
     */
    Applied apply(Jid account, Jid contact, Event event) {
        Transition[] decided = new Transition[1];
        RosterStore.Change c = store.update(account.local(), contact, before -> {
            decided[0] = SubscriptionMachine.apply(before, contact, event);
            return decided[0].after();
        });
        return new Applied(decided[0], decided[0].changed() ? c.version() : -1);
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
