package im.confab.test.support;

import im.confab.api.stanza.Stanza;
import im.confab.api.store.OfflineStore;
import im.confab.api.store.StoreException;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link OfflineStore} that keeps messages per user in id order, as a durable store would, and counts calls.
 * Switches make it fail ({@link #failStore}, {@link #failDelete}), lose deletes ({@link #ignoreDeletes}) or run
 * something in the middle of a {@link #peek} ({@link #duringPeek}, to stage a race).
 */
public class MemoryOfflineStore implements OfflineStore {
    /** Stored messages per user, by id. */
    public final Map<String, LinkedHashMap<Long, Stored>> users = new HashMap<>();
    private long nextId = 1;
    /** How many times {@link #peek} was called. */
    public int peeks;
    /** How many times {@link #store} was called, whether it stored or not. */
    public int stores;
    /** If not null, {@link #store} throws it. */
    public StoreException failStore;
    /** If not null, {@link #delete} throws it. */
    public StoreException failDelete;
    /** Makes {@link #delete} do nothing. */
    public boolean ignoreDeletes;
    /** Runs at the start of each {@link #peek}; does nothing by default. */
    public Runnable duringPeek = () -> { };

    @Override
    public boolean store(String user, Stanza message, Instant stamp, int quota) {
        stores++;
        if (failStore != null) {
            throw failStore;
        }
        LinkedHashMap<Long, Stored> m = users.computeIfAbsent(user, u -> new LinkedHashMap<>());
        if (m.size() >= quota) {
            return false;
        }
        long id = nextId++;
        m.put(id, new Stored(id, stamp, message));
        return true;
    }

    @Override
    public List<Stored> peek(String user, int max) {
        peeks++;
        duringPeek.run();
        return users.getOrDefault(user, new LinkedHashMap<>()).values().stream().limit(max).toList();
    }

    @Override
    public void delete(String user, List<Long> ids) {
        if (failDelete != null) {
            throw failDelete;
        }
        if (!ignoreDeletes && users.containsKey(user)) {
            ids.forEach(users.get(user)::remove);
        }
    }

    @Override
    public int count(String user) {
        return users.getOrDefault(user, new LinkedHashMap<>()).size();
    }

    @Override
    public void deleteUser(String user) {
        users.remove(user);
    }

    /**
     * @param user the recipient
     * @return the messages stored for the user, oldest first
     */
    public List<Stanza> messages(String user) {
        return users.getOrDefault(user, new LinkedHashMap<>()).values().stream().map(Stored::message).toList();
    }
}
