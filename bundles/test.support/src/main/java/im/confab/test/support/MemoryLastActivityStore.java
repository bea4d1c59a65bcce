package im.confab.test.support;

import im.confab.api.store.LastActivityStore;
import im.confab.api.store.StoreException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link LastActivityStore} in a map; with {@link #failing} set, every call throws a {@link StoreException}. */
public class MemoryLastActivityStore implements LastActivityStore {
    /** The last activity per user. */
    public final Map<String, Last> data = new HashMap<>();
    /** Makes every call throw. */
    public boolean failing;

    private void check() {
        if (failing) {
            throw new StoreException("database unreachable (expected in this test)", null);
        }
    }

    @Override
    public Optional<Last> last(String user) {
        check();
        return Optional.ofNullable(data.get(user));
    }

    @Override
    public void set(String user, Instant at, String status) {
        check();
        data.put(user, new Last(at, status));
    }

    @Override
    public void deleteUser(String user) {
        check();
        data.remove(user);
    }
}
