package im.confab.store.jdbc.internal;

import im.confab.api.store.RosterStore.Roster;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rosters read recently, so that a presence broadcast or a probe answer does not query the database (three
 * statements) each time. Only derived from the database: every write drops the user's entry after it committed,
 * and a read that overlapped any write is returned but not kept (the generation check), so no stale roster
 * outlives a change. Bounded: past {@code max} users an arbitrary entry makes room, to be read again when needed.
 * Valid while this process is the only writer (one node; a cluster needs invalidation messages).
 */
final class RosterCache {
    private final ConcurrentHashMap<String, Roster> rosters = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final int max;

    RosterCache(int max) {
        this.max = max;
    }

    /** @return the user's cached roster, or null */
    Roster get(String user) {
        return rosters.get(user);
    }

    /** @return the generation to hand to {@link #offer} after reading the database */
    long beforeRead() {
        return generation.get();
    }

    /** Keeps a roster read from the database, unless a write happened since {@code seen}. */
    void offer(String user, Roster roster, long seen) {
        if (max == 0) {
            return;
        }
        if (rosters.size() >= max && !rosters.containsKey(user)) {
            Iterator<String> it = rosters.keySet().iterator();
            if (it.hasNext()) {
                rosters.remove(it.next());
            }
        }
        // atomic with invalidate() of the same user: kept only if no write happened since 'seen'
        rosters.compute(user, (k, v) -> generation.get() == seen ? roster : v);
    }

    /** After a write to the user's roster (committed or not). */
    void invalidate(String user) {
        generation.incrementAndGet();
        rosters.remove(user);
    }

    int size() {
        return rosters.size();
    }
}
