package im.confab.sm.presence.internal;

import im.confab.api.jid.Jid;
import im.confab.api.store.RosterStore;
import im.confab.api.store.RosterStore.Item;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.store.RosterXml;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who gets what from the roster; pure. */
final class Contacts {
    private Contacts() {
    }

    /** @return true if the contact has a subscription to the user's presence ('from' or 'both') */
    static boolean subscriber(Item i) {
        return i != null && (i.subscription() == Subscription.from || i.subscription() == Subscription.both);
    }

    /** @return true if the user has a subscription to the contact's presence ('to' or 'both') */
    static boolean subscription(Item i) {
        return i != null && (i.subscription() == Subscription.to || i.subscription() == Subscription.both);
    }

    /** @return the contacts subscribed to the user: broadcast presence goes to them (4.2.2, 4.4.2, 4.5.2) */
    static List<Jid> subscribers(RosterStore.Roster roster) {
        List<Item> items = roster.items(); // a loop, not a stream: this runs for every presence broadcast
        List<Jid> out = new ArrayList<>(items.size());
        for (Item i : items) {
            if (subscriber(i)) {
                out.add(i.jid());
            }
        }
        return out;
    }

    /** @return the contacts the user is subscribed to: probed on initial presence (4.3.1) */
    static List<Jid> subscriptions(RosterStore.Roster roster) {
        return roster.items().stream().filter(Contacts::subscription).map(Item::jid).toList();
    }

    /** @return the contacts whose subscription request waits for the user (3.1.3 rule 4) */
    static List<Jid> pendingIn(RosterStore.Roster roster) {
        return roster.items().stream().filter(Item::pendingIn).map(Item::jid).toList();
    }

    /** @return the contacts the user asked for a subscription, not answered yet (3.1.2) */
    static List<Jid> pendingOut(RosterStore.Roster roster) {
        return roster.items().stream().filter(i -> RosterXml.inRoster(i) && i.askOut()).map(Item::jid).toList();
    }

    /** @return who gets the unavailable presence of a session: its subscribers and its directed-presence targets */
    static Set<Jid> unavailableTargets(Collection<Jid> subscribers, Collection<Jid> directed) {
        Set<Jid> out = new LinkedHashSet<>(subscribers);
        out.addAll(directed); // the same JID once (4.6.1: the subscription takes precedence)
        return out;
    }
}
