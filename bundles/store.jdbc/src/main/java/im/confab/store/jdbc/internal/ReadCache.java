package im.confab.store.jdbc.internal;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Values read recently per user (rosters, so that a presence broadcast or a probe answer does not query the
 * database, three statements, each time; login credentials). Only derived from the database: every write drops
 * the user's entry after it committed, and a read that overlapped any write is returned but not kept (the
 * generation check), so no stale value outlives a change. Bounded: past {@code max} users an arbitrary entry
 * makes room, to be read again when needed. Valid while this process is the only writer (one node; a cluster
 * needs invalidation messages).
 */
final class ReadCache<V> {
    private final ConcurrentHashMap<String, V> values = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final int max;

    ReadCache(int max) {
        this.max = max;
    }

    /** @return the user's cached value, or null */
    V get(String user) {
        return values.get(user);
    }

    /** @return the generation to hand to {@link #offer} after reading the database */
    long beforeRead() {
        return generation.get();
    }

    /** Keeps a value read from the database, unless a write happened since {@code seen}. */
    void offer(String user, V value, long seen) {
        if (max == 0) {
            return;
        }
        if (values.size() >= max && !values.containsKey(user)) {
            Iterator<String> it = values.keySet().iterator();
            if (it.hasNext()) {
                values.remove(it.next());
            }
        }
        // atomic with invalidate() of the same user: kept only if no write happened since 'seen'
        values.compute(user, (k, v) -> generation.get() == seen ? value : v);
    }

    /** After a write to the user's data (committed or not). */
    void invalidate(String user) {
        generation.incrementAndGet();
        values.remove(user);
    }

    int size() {
        return values.size();
    }
}
