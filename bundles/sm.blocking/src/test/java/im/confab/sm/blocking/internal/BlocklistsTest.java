package im.confab.sm.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.test.support.MemoryBlockingStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

class BlocklistsTest {
    private static final Jid ROMEO = Jid.parse("romeo@montague.lit");
    private static final Jid IAGO = Jid.parse("iago@shakespeare.lit");

    private final MemoryBlockingStore store = new MemoryBlockingStore();
    private final Blocklists lists = new Blocklists(store, 3, 5);

    @Test
    void theStoreIsReadOncePerUserThenTheCacheAnswers() {
        store.put("juliet", "romeo@montague.lit");
        assertNull(lists.cached("juliet"));
        Blocklist first = lists.get("juliet");
        assertSame(first, lists.get("juliet"));
        assertSame(first, lists.cached("juliet"));
        assertEquals(1, store.reads);
        assertTrue(first.blocks(ROMEO));
    }

    @Test
    void blockAndUnblockWriteTheStoreAndDropTheCachedList() throws Exception {
        lists.get("juliet");
        assertEquals(Set.of(ROMEO), lists.block("juliet", List.of(ROMEO)));
        assertNull(lists.cached("juliet"));
        assertTrue(lists.get("juliet").blocks(ROMEO));

        assertEquals(Set.of(ROMEO), lists.unblock("juliet", List.of(ROMEO, IAGO)));
        assertNull(lists.cached("juliet"));
        assertFalse(lists.get("juliet").blocks(ROMEO));
    }

    @Test
    void blockReportsOnlyWhatIsNew() throws Exception {
        store.put("juliet", "romeo@montague.lit");
        assertEquals(Set.of(IAGO), lists.block("juliet", List.of(ROMEO, IAGO)));
        assertEquals(Set.of(), lists.block("juliet", List.of(IAGO)));
    }

    @Test
    void unblockWithoutItemsUnblocksAll() {
        store.put("juliet", "romeo@montague.lit", "iago@shakespeare.lit");
        lists.get("juliet");
        assertEquals(Set.of(ROMEO, IAGO), lists.unblock("juliet", List.of()));
        assertTrue(lists.get("juliet").isEmpty());
    }

    @Test
    void theLimitRefusesTheWholeBlock() throws Exception {
        store.put("juliet", "a@x.lit", "b@x.lit", "c@x.lit", "d@x.lit");
        assertThrows(Blocklists.LimitExceeded.class,
                () -> lists.block("juliet", List.of(Jid.parse("e@x.lit"), Jid.parse("f@x.lit"))));
        assertEquals(4, store.lists.get("juliet").size());
        assertEquals(Set.of(Jid.parse("e@x.lit")), lists.block("juliet", List.of(Jid.parse("e@x.lit"))));
    }

    @Test
    void aLoadOverlappingABlockIsNotCached() throws Exception {
        // the load reads the old list; the block lands before the load would cache it
        store.duringRead = () -> {
            try {
                lists.block("juliet", List.of(ROMEO));
            } catch (Blocklists.LimitExceeded e) {
                throw new AssertionError(e);
            }
        };
        assertFalse(lists.get("juliet").blocks(ROMEO)); // this one stanza raced the block
        assertNull(lists.cached("juliet")); // but the stale list was not kept
        assertTrue(lists.get("juliet").blocks(ROMEO));
    }

    @Test
    void theCacheStaysWithinItsBound() {
        for (String u : List.of("a", "b", "c", "d", "e")) {
            lists.get(u);
        }
        assertEquals(3, lists.cachedUsers());
        assertSame(lists.cached("e"), lists.get("e")); // the newest stays
    }

    @Test
    void clearForgetsEverything() {
        lists.get("juliet");
        lists.clear();
        assertEquals(0, lists.cachedUsers());
    }
}
