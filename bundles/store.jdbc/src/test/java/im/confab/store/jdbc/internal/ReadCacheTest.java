package im.confab.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import im.confab.api.store.RosterStore.Roster;
import org.junit.jupiter.api.Test;

import java.util.List;

class ReadCacheTest {
    private final Roster v1 = new Roster(1, List.of());
    private final Roster v2 = new Roster(2, List.of());

    @Test
    void aReadThatOverlappedAWriteIsNotKept() {
        ReadCache<Roster> cache = new ReadCache<>(10);
        long seen = cache.beforeRead();
        cache.invalidate("juliet"); // a write committed while the database was being read
        cache.offer("juliet", v1, seen);
        assertNull(cache.get("juliet"), "what was read may predate the write");
        seen = cache.beforeRead();
        cache.offer("juliet", v2, seen);
        assertSame(v2, cache.get("juliet"));
        cache.invalidate("juliet");
        assertNull(cache.get("juliet"));
    }

    @Test
    void boundedAndOffWithZero() {
        ReadCache<Roster> cache = new ReadCache<>(2);
        for (String u : new String[] {"a", "b", "c"}) {
            cache.offer(u, v1, cache.beforeRead());
        }
        assertEquals(2, cache.size());
        assertSame(v1, cache.get("c"), "the newest one is kept");
        ReadCache<Roster> none = new ReadCache<>(0);
        none.offer("a", v1, none.beforeRead());
        assertNull(none.get("a"));
    }
}
