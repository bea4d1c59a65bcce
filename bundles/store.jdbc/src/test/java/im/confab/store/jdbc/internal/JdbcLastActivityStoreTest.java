package im.confab.store.jdbc.internal;

import im.confab.api.store.LastActivityStore.Last;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcLastActivityStoreTest {
    private static final Instant T = Instant.parse("2024-05-01T12:00:00.654321Z");

    @EachDatabase
    void theLastLogoutReplacesTheOneBefore(TestDatabase db) {
        JdbcLastActivityStore store = new JdbcLastActivityStore(db.open());
        assertTrue(store.last("alice").isEmpty());
        store.set("Alice", T, "Gone fishing 🎣");
        assertEquals(new Last(T, "Gone fishing 🎣"), store.last("alice").orElseThrow());
        store.set("alice", T.plusSeconds(3600).plusNanos(789), null);
        assertEquals(new Last(T.plusSeconds(3600), null), store.last("alice").orElseThrow()); // microseconds kept
        store.set("alice", T, "x".repeat(10_000));
        assertEquals(10_000, store.last("alice").orElseThrow().status().length());
    }

    @EachDatabase
    void deleteUserRemovesOnlyThatUser(TestDatabase db) {
        JdbcLastActivityStore store = new JdbcLastActivityStore(db.open());
        store.set("alice", T, "a");
        store.set("bob", T, "b");
        store.deleteUser("alice");
        assertTrue(store.last("alice").isEmpty());
        assertEquals(new Last(T, "b"), store.last("bob").orElseThrow());
    }
}
