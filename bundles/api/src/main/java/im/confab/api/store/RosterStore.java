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

    /** @return the roster (version 0 and no items for a new user) */
    Roster roster(String user);

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
