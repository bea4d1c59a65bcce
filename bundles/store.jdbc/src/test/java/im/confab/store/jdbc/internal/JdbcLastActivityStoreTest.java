package im.confab.store.jdbc.internal;

import im.confab.api.store.LastActivityStore.Last;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcLastActivityStoreTest {
    private static final Instant T = Instant.parse("2024-05-01T12:00:00.654321Z");

    /** A store whose logouts are written only by {@link JdbcLastActivityStore#flush}. */
    private static JdbcLastActivityStore manual(Database d) {
        return new JdbcLastActivityStore(d, -1);
    }

    private static Database withAccounts(TestDatabase db, String... users) {
        Database d = db.open();
        JdbcAccountStore accounts = new JdbcAccountStore(d);
        for (String u : users) {
            assertTrue(accounts.create(u, "pw"));
        }
        return d;
    }

    @EachDatabase
    void theLastLogoutReplacesTheOneBefore(TestDatabase db) {
        Database d = withAccounts(db, "alice");
        JdbcLastActivityStore store = manual(d);
        assertTrue(store.last("alice").isEmpty());
        store.set("Alice", T, "Gone fishing 🎣");
        assertEquals(new Last(T, "Gone fishing 🎣"), store.last("alice").orElseThrow()); // noted, not written yet
        assertTrue(store.flush());
        assertEquals(new Last(T, "Gone fishing 🎣"), manual(d).last("alice").orElseThrow()); // from the database
        store.set("alice", T.plusSeconds(3600).plusNanos(789), null);
        assertEquals(new Last(T.plusSeconds(3600), null), store.last("alice").orElseThrow()); // microseconds kept
        assertTrue(store.flush());
        assertEquals(new Last(T.plusSeconds(3600), null), manual(d).last("alice").orElseThrow());
        store.set("alice", T, "x".repeat(10_000));
        assertTrue(store.flush());
        assertEquals(10_000, manual(d).last("alice").orElseThrow().status().length());
    }

    @EachDatabase
    void manyLogoutsGoInOneFlush(TestDatabase db) {
        String[] users = {"u1", "u2", "u3", "u4", "u5"};
        Database d = withAccounts(db, users);
        JdbcLastActivityStore store = manual(d);
        for (int i = 0; i < users.length; i++) {
            store.set(users[i], T.plusSeconds(i), "bye " + i);
        }
        assertTrue(manual(d).last("u3").isEmpty(), "nothing written before the flush");
        assertTrue(store.flush());
        JdbcLastActivityStore fresh = manual(d);
        for (int i = 0; i < users.length; i++) {
            assertEquals(new Last(T.plusSeconds(i), "bye " + i), fresh.last(users[i]).orElseThrow());
        }
    }

    @EachDatabase
    void logoutsAreWrittenSoonWithoutAFlushCallAndCloseWritesWhatIsLeft(TestDatabase db) throws Exception {
        Database d = withAccounts(db, "alice", "bob");
        JdbcLastActivityStore soon = new JdbcLastActivityStore(d, 10);
        soon.set("alice", T, "a");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (manual(d).last("alice").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(new Last(T, "a"), manual(d).last("alice").orElseThrow());
        soon.close();

        JdbcLastActivityStore late = new JdbcLastActivityStore(d, TimeUnit.HOURS.toMillis(1));
        late.set("bob", T, "b");
        late.close(); // deactivation: written now, not in an hour
        assertEquals(new Last(T, "b"), manual(d).last("bob").orElseThrow());
    }

    @EachDatabase
    void aLateLogoutOfADeletedAccountLeavesNothing(TestDatabase db) {
        Database d = withAccounts(db, "alice", "carol");
        JdbcAccountStore accounts = new JdbcAccountStore(d);
        JdbcLastActivityStore store = manual(d);
        accounts.addListener(store);
        store.set("carol", T, "c");
        assertTrue(accounts.delete("carol")); // the listener drops the noted logout
        assertTrue(store.last("carol").isEmpty());
        assertTrue(accounts.delete("alice"));
        store.set("alice", T, "a"); // in-band cancellation: the session ends after the account is gone
        assertTrue(store.flush());
        assertTrue(manual(d).last("alice").isEmpty());
        assertTrue(manual(d).last("carol").isEmpty());
        assertTrue(accounts.create("alice", "new"));
        assertTrue(manual(d).last("alice").isEmpty(), "a new account of the same name inherits nothing");
    }

    @EachDatabase
    void deleteUserRemovesOnlyThatUser(TestDatabase db) {
        Database d = withAccounts(db, "alice", "bob");
        JdbcLastActivityStore store = manual(d);
        store.set("alice", T, "a");
        store.set("bob", T, "b");
        assertTrue(store.flush());
        store.set("alice", T.plusSeconds(1), "noted only");
        store.deleteUser("alice");
        assertTrue(store.last("alice").isEmpty());
        assertTrue(store.flush());
        assertTrue(manual(d).last("alice").isEmpty());
        assertEquals(new Last(T, "b"), manual(d).last("bob").orElseThrow());
    }
}
