package im.confab.api.store;

import im.confab.api.jid.Jid;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Rosters (RFC 6121 section 2) with a version per user for roster versioning (XEP-0237). */
@ProviderType
public interface RosterStore {

    /** Subscription states (RFC 6121 Appendix A). */
    enum Subscription { none, to, from, both }

    /**
     * One contact.
     *
     * @param jid the contact's bare JID
     * @param name the user's name for it, or null
     * @param subscription the subscription state
     * @param askOut an outbound subscription request is pending (shown as {@code ask='subscribe'})
     * @param pendingIn an inbound subscription request waits for the user's answer
     * @param preApproved the user pre-approved the contact's subscription request (RFC 6121 3.4)
     * @param groups the groups, in order, without duplicates
     */
    record Item(Jid jid, String name, Subscription subscription, boolean askOut, boolean pendingIn,
                boolean preApproved, List<String> groups) {
        /** Copies the groups. */
        public Item {
            groups = List.copyOf(groups);
        }
    }

    /** A user's roster and its version. */
    record Roster(long version, List<Item> items) {
        /** Copies the items. */
        public Roster {
            items = List.copyOf(items);
        }
    }

    /**
     * An item before and after {@link #update}, and the roster's version after it.
     *
     * @param before the item before, or null
     * @param after the item after, or null when removed
     * @param version the roster version after the change (unchanged when nothing changed)
     */
    record Change(Item before, Item after, long version) {
    }

    /**
     * Reads, changes and stores one item atomically, so that two plugins changing the same item at once (a roster
     * set and a subscription, an inbound and an outbound subscription) never lose each other's change. The
     * function gets the current item (null if none) and returns the new one (null removes it; an equal item
     * changes nothing). It may run more than once (a store retries conflicts) and must have no side effects.
     * This default is not atomic; stores override it.
     */
    default Change update(String user, Jid contact, java.util.function.UnaryOperator<Item> change) {
        Item before = item(user, contact).orElse(null);
        Item after = change.apply(before);
        if (java.util.Objects.equals(before, after)) {
            return new Change(before, after, roster(user).version());
        }
        long version = after == null ? remove(user, contact) : put(user, after);
        return new Change(before, after, version);
    }

    /** @return the roster (version 0 and no items for a new user) */
    Roster roster(String user);

    /**
     * @return the roster if the store holds it in memory, else null; never blocks, so an inline plugin may call
     *         it where it must not block, and defer to its queue (and {@link #roster}) on null
     */
    default Roster cachedRoster(String user) {
        return null;
    }

    /** @return one item */
    Optional<Item> item(String user, Jid contact);

    /** Adds or replaces an item; @return the roster's new version */
    long put(String user, Item item);

    /** Removes an item; @return the roster's new version (unchanged if there was none) */
    long remove(String user, Jid contact);

    /** @return how many items the user's roster has (for the roster size limit) */
    int size(String user);

    /** Deletes everything of a user (account removal). */
    void deleteUser(String user);
}
