package im.confab.test.support;

import im.confab.api.jid.Jid;
import im.confab.api.store.RosterStore;
import im.confab.api.store.StoreException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RosterStore} in memory whose version counts changes per user, as a real one may: each
 * {@link #put} and each {@link #remove} that removes something adds one. Items keep their insertion order.
 * With {@link #broken} set, every call but {@link #deleteUser} throws a {@link StoreException}.
 */
public class MemoryRosterStore implements RosterStore {
    /** Items per user, by contact JID. */
    public final Map<String, Map<Jid, Item>> items = new HashMap<>();
    /** Roster version per user; absent means 0. */
    public final Map<String, Long> versions = new HashMap<>();
    /** Makes reads and writes throw. */
    public boolean broken;

    private Map<Jid, Item> of(String user) {
        if (broken) {
            throw new StoreException("roster store broken (expected in this test)", null);
        }
        return items.computeIfAbsent(user, u -> new LinkedHashMap<>());
    }

    /**
     * Puts a plain item: no name, no groups, no pending flags.
     *
     * @param user         the owner
     * @param contact      the contact's bare JID
     * @param subscription the subscription state
     */
    public void add(String user, String contact, Subscription subscription) {
        put(user, new Item(Jid.parse(contact), null, subscription, false, false, false, List.of()));
    }

    @Override
    public Roster roster(String user) {
        return new Roster(versions.getOrDefault(user, 0L), List.copyOf(of(user).values()));
    }

    @Override
    public Optional<Item> item(String user, Jid contact) {
        return Optional.ofNullable(of(user).get(contact));
    }

    @Override
    public long put(String user, Item item) {
        of(user).put(item.jid(), item);
        return versions.merge(user, 1L, Long::sum);
    }

    @Override
    public long remove(String user, Jid contact) {
        if (of(user).remove(contact) == null) {
            return versions.getOrDefault(user, 0L);
        }
        return versions.merge(user, 1L, Long::sum);
    }

    @Override
    public int size(String user) {
        return of(user).size();
    }

    @Override
    public void deleteUser(String user) {
        items.remove(user);
    }
}
