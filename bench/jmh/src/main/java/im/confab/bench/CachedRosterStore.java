package im.confab.bench;

import im.confab.api.jid.Jid;
import im.confab.test.support.MemoryRosterStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory roster store with a cache that {@link #cachedRoster} answers from, as store.jdbc's does once a
 * user's roster was read: an inline presence plugin then runs on the routing thread instead of deferring to its
 * queue. A change drops the user's cached roster.
 */
final class CachedRosterStore extends MemoryRosterStore {
    private final Map<String, Roster> cache = new ConcurrentHashMap<>();

    @Override
    public Roster cachedRoster(String user) {
        return cache.computeIfAbsent(user, this::roster);
    }

    @Override
    public long put(String user, Item item) {
        cache.remove(user);
        return super.put(user, item);
    }

    @Override
    public long remove(String user, Jid contact) {
        cache.remove(user);
        return super.remove(user, contact);
    }
}
