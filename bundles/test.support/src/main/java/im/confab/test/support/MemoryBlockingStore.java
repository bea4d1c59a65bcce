package im.confab.test.support;

import im.confab.api.jid.Jid;
import im.confab.api.store.BlockingStore;
import im.confab.api.store.StoreException;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link BlockingStore} with blocklists in memory. It counts reads ({@link #reads}), can fail them
 * ({@link #fail}) and can run something once in the middle of the next read ({@link #duringRead}, to stage a
 * race: the read has already taken its copy when it runs).
 */
public class MemoryBlockingStore implements BlockingStore {
    /** Blocked JIDs per user, in the order they were blocked. */
    public final Map<String, Set<Jid>> lists = new HashMap<>();
    /** How many times {@link #blocked} was called. */
    public int reads;
    /** Runs once, in the next {@link #blocked}, after the copy is taken; then resets to doing nothing. */
    public Runnable duringRead = () -> { };
    /** If not null, {@link #blocked} throws it. */
    public StoreException fail;

    @Override
    public Set<Jid> blocked(String user) {
        reads++;
        if (fail != null) {
            throw fail;
        }
        Set<Jid> copy = Set.copyOf(lists.getOrDefault(user, Set.of()));
        Runnable r = duringRead;
        duringRead = () -> { };
        r.run();
        return copy;
    }

    @Override
    public void block(String user, Collection<Jid> jids) {
        lists.computeIfAbsent(user, u -> new LinkedHashSet<>()).addAll(jids);
    }

    @Override
    public void unblock(String user, Collection<Jid> jids) {
        if (jids.isEmpty()) {
            lists.remove(user);
        } else if (lists.containsKey(user)) {
            lists.get(user).removeAll(jids);
        }
    }

    @Override
    public void deleteUser(String user) {
        lists.remove(user);
    }

    /**
     * Blocks JIDs for a user without counting as a call of the API.
     *
     * @param user the user
     * @param jids the JIDs to block, as strings
     */
    public void put(String user, String... jids) {
        for (String j : jids) {
            lists.computeIfAbsent(user, u -> new LinkedHashSet<>()).add(Jid.parse(j));
        }
    }
}
