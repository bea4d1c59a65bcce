package im.confab.sm.blocking.internal;

import im.confab.api.jid.Jid;
import im.confab.api.store.BlockingStore;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The blocklists, read from the {@link BlockingStore} (the truth) through a per-user cache that is only derived
 * from it: after a user's first stanza a check is a map lookup. Every change goes to the store first and then
 * drops the user's entry. A load that overlapped a change is used once but not cached (the generation check),
 * so no stale list outlives a block or unblock. The cache is bounded; past {@code maxUsers} an arbitrary entry
 * makes room, to be read again when needed.
 */
final class Blocklists {
    /** A block would make the list longer than allowed. */
    static final class LimitExceeded extends Exception {
        private static final long serialVersionUID = 1L;

        LimitExceeded(int max) {
            super("a blocklist holds at most " + max + " items");
        }
    }

    private final BlockingStore store;
    private final ConcurrentHashMap<String, Blocklist> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile int maxUsers;
    private volatile int maxItems;

    Blocklists(BlockingStore store, int maxUsers, int maxItems) {
        this.store = store;
        limits(maxUsers, maxItems);
    }

    void limits(int users, int items) {
        this.maxUsers = users;
        this.maxItems = items;
    }

    /**
     * @return the user's list, from the cache or else the store (may block)
     * @throws im.confab.api.store.StoreException if the store fails
     */
    Blocklist get(String user) {
        Blocklist b = cache.get(user);
        if (b != null) {
            return b;
        }
        long seen = generation.get();
        Blocklist loaded = Blocklist.of(store.blocked(user));
        if (cache.size() >= maxUsers) {
            evictOneBut(user);
        }
        // Atomic with invalidate() of the same user: cached only if no change happened since 'seen'.
        Blocklist now = cache.compute(user, (k, v) -> v != null ? v : generation.get() == seen ? loaded : null);
        return now != null ? now : loaded;
    }

    /**
     * @param mayBlock whether the store may be read on this thread
     * @return the user's list; null when it is not cached and {@code mayBlock} is false
     */
    Blocklist get(String user, boolean mayBlock) {
        return mayBlock ? get(user) : cached(user);
    }

    /** @return the user's list if it is cached, else null; never blocks (for preprocessors) */
    Blocklist cached(String user) {
        return cache.get(user);
    }

    /**
     * Adds items.
     *
     * @return the items that were not blocked before, in the given order
     * @throws LimitExceeded if the list would grow beyond the limit (nothing is stored)
     */
    Set<Jid> block(String user, Collection<Jid> jids) throws LimitExceeded {
        Set<Jid> before = store.blocked(user);
        Set<Jid> added = new LinkedHashSet<>(jids);
        added.removeAll(before);
        if (!added.isEmpty()) {
            if (before.size() + added.size() > maxItems) {
                throw new LimitExceeded(maxItems);
            }
            store.block(user, added);
            invalidate(user);
        }
        return added;
    }

    /**
     * Removes items, or with none all of them.
     *
     * @return the items that were blocked and no longer are
     */
    Set<Jid> unblock(String user, Collection<Jid> jids) {
        Set<Jid> removed = new LinkedHashSet<>(store.blocked(user));
        if (!jids.isEmpty()) {
            removed.retainAll(Set.copyOf(jids));
        }
        store.unblock(user, jids); // even when nothing matched: the store is the judge
        invalidate(user);
        return removed;
    }

    /** Drops a user's entry after its stored list changed. */
    void invalidate(String user) {
        cache.compute(user, (k, v) -> {
            generation.incrementAndGet();
            return null;
        });
    }

    void clear() {
        generation.incrementAndGet();
        cache.clear();
    }

    int cachedUsers() {
        return cache.size();
    }

    private void evictOneBut(String user) {
        Iterator<String> it = cache.keySet().iterator();
        while (it.hasNext()) {
            if (!it.next().equals(user)) {
                it.remove();
                return;
            }
        }
    }
}
