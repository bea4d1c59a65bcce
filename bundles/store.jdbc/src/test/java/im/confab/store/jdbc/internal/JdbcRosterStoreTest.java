package im.confab.store.jdbc.internal;

import im.confab.api.store.RosterStore;

import im.confab.api.jid.Jid;
import im.confab.api.store.RosterStore.Item;
import im.confab.api.store.RosterStore.Roster;
import im.confab.api.store.RosterStore.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcRosterStoreTest {
    private static final Jid BOB = Jid.parse("bob@example.org");
    private static final Jid CAROL = Jid.parse("carol@example.net");

    private static Item item(Jid jid, String name, Subscription s, List<String> groups) {
        return new Item(jid, name, s, false, false, false, groups);
    }

    @EachDatabase
    void aNewUserHasAnEmptyRosterAtVersionZero(TestDatabase db) {
        JdbcRosterStore store = new JdbcRosterStore(db.open(), 100);
        assertEquals(new Roster(0, List.of()), store.roster("alice"));
        assertTrue(store.item("alice", BOB).isEmpty());
        assertEquals(0, store.size("alice"));
        assertEquals(0, store.remove("alice", BOB)); // nothing removed: the version stays
    }

    @EachDatabase
    void itemsRoundTripWithEveryFieldAndTheGroupsInOrder(TestDatabase db) {
        JdbcRosterStore store = new JdbcRosterStore(db.open(), 100);
        Item bob = new Item(BOB, "Bob Été", Subscription.both, true, false, true, List.of("Zeta", "Friends", "Ärzte"));
        Item carol = new Item(CAROL, null, Subscription.none, false, true, false, List.of());
        assertEquals(1, store.put("Alice", bob));
        assertEquals(2, store.put("alice", carol));

        assertEquals(new Roster(2, List.of(bob, carol)), store.roster("ALICE"));
        assertEquals(bob, store.item("alice", BOB).orElseThrow());
        assertEquals(bob, store.item("alice", BOB.withResource("phone")).orElseThrow()); // found by its bare JID
        assertEquals(carol, store.item("alice", CAROL).orElseThrow());
        assertEquals(2, store.size("alice"));
    }

    @EachDatabase
    void everyPutAndEveryRemovalRaisesTheVersion(TestDatabase db) {
        JdbcRosterStore store = new JdbcRosterStore(db.open(), 100);
        Item bob = item(BOB, "Bob", Subscription.none, List.of("A", "B"));
        assertEquals(1, store.put("alice", bob));
        assertEquals(2, store.put("alice", bob)); // the same item again still counts
        Item renamed = item(BOB, "Robert", Subscription.to, List.of("B"));
        assertEquals(3, store.put("alice", renamed));
        assertEquals(renamed, store.item("alice", BOB).orElseThrow());
        assertEquals(1, store.size("alice"));

        assertEquals(4, store.remove("alice", BOB));
        assertEquals(4, store.remove("alice", BOB)); // already gone: unchanged
        assertEquals(new Roster(4, List.of()), store.roster("alice"));
        assertEquals(5, store.put("alice", item(BOB, null, Subscription.none, List.of("A"))));
        assertEquals(List.of("A"), store.item("alice", BOB).orElseThrow().groups()); // no stale groups
    }

    @EachDatabase
    void versionsArePerUserAndSurviveReopening(TestDatabase db) {
        Database first = db.open();
        JdbcRosterStore store = new JdbcRosterStore(first, 100);
        store.put("alice", item(BOB, null, Subscription.none, List.of()));
        store.put("alice", item(CAROL, null, Subscription.none, List.of()));
        store.put("bob", item(CAROL, null, Subscription.from, List.of()));
        first.close();

        JdbcRosterStore again = new JdbcRosterStore(db.open(), 100);
        assertEquals(2, again.roster("alice").version());
        assertEquals(1, again.roster("bob").version());
        assertEquals(3, again.put("alice", item(Jid.parse("dave@example.com"), null, Subscription.none, List.of())));
    }

    @EachDatabase
    void concurrentChangesGetDistinctVersions(TestDatabase db) throws Exception {
        JdbcRosterStore store = new JdbcRosterStore(db.open(4), 100);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> versions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Jid contact = Jid.parse("c" + i + "@example.org");
                // A new user: the first changes race to insert the version row and are run again.
                versions.add(pool.submit(() -> store.put("newbie", item(contact, null, Subscription.none,
                        List.of("g")))));
            }
            List<Long> got = new ArrayList<>();
            for (Future<Long> v : versions) {
                got.add(v.get());
            }
            got.sort(null);
            assertEquals(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList(), got);
            assertEquals(20, store.roster("newbie").version());
            assertEquals(20, store.size("newbie"));
        } finally {
            pool.shutdownNow();
        }
    }

    @EachDatabase
    void deleteUserRemovesOnlyThatUser(TestDatabase db) {
        JdbcRosterStore store = new JdbcRosterStore(db.open(), 100);
        store.put("alice", item(BOB, "B", Subscription.both, List.of("x")));
        store.put("bob", item(Jid.parse("alice@example.org"), "A", Subscription.both, List.of("y")));
        store.deleteUser("alice");
        assertEquals(new Roster(0, List.of()), store.roster("alice"));
        Roster bob = store.roster("bob");
        assertEquals(1, bob.version());
        assertEquals(List.of("y"), bob.items().get(0).groups());
    }

    @EachDatabase
    void invalidInputIsRefused(TestDatabase db) {
        JdbcRosterStore store = new JdbcRosterStore(db.open(), 100);
        assertThrows(IllegalArgumentException.class, () -> store.put("alice",
                item(BOB.withResource("r"), null, Subscription.none, List.of())));
        assertThrows(IllegalArgumentException.class, () -> store.put("alice",
                item(BOB, null, Subscription.none, List.of("a", "a"))));
        assertThrows(IllegalArgumentException.class, () -> store.roster("a b"));
        assertFalse(store.roster("alice").version() > 0);
    }

    @EachDatabase
    void concurrentUpdatesOfOneItemLoseNoChange(TestDatabase db) throws Exception {
        JdbcRosterStore store = new JdbcRosterStore(db.open(), 100);
        im.confab.api.jid.Jid contact = im.confab.api.jid.Jid.parse("contact@localhost");
        int rounds = 40;
        // one thread adds groups, the other flips the subscription: with read-then-put one would undo the other
        Thread groups = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                int n = i;
                store.update("owner", contact, cur -> {
                    java.util.List<String> g = new java.util.ArrayList<>(cur == null ? java.util.List.of() : cur.groups());
                    g.add("g" + n);
                    return new RosterStore.Item(contact, "c", cur == null ? RosterStore.Subscription.none
                            : cur.subscription(), false, false, false, g);
                });
            }
        });
        Thread subs = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                store.update("owner", contact, cur -> cur == null ? null : new RosterStore.Item(contact, cur.name(),
                        RosterStore.Subscription.both, cur.askOut(), cur.pendingIn(), cur.preApproved(), cur.groups()));
            }
        });
        groups.start();
        subs.start();
        groups.join();
        subs.join();
        RosterStore.Item end = store.item("owner", contact).orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals(rounds, end.groups().size(), "no group lost");
        RosterStore.Change same = store.update("owner", contact, cur -> cur);
        org.junit.jupiter.api.Assertions.assertEquals(store.roster("owner").version(), same.version());
        RosterStore.Change gone = store.update("owner", contact, cur -> null);
        org.junit.jupiter.api.Assertions.assertNull(gone.after());
        org.junit.jupiter.api.Assertions.assertTrue(store.item("owner", contact).isEmpty());
    }

    @EachDatabase
    void aRosterReadIsKeptInMemoryUntilTheNextWriteOfThatUser(TestDatabase db) {
        JdbcRosterStore store = new JdbcRosterStore(db.open(), 100);
        assertEquals(null, store.cachedRoster("alice"));
        store.put("alice", item(BOB, "Bob", Subscription.none, List.of()));
        Roster read = store.roster("alice");
        assertEquals(read, store.cachedRoster("ALICE"));
        store.roster("carol");
        store.update("alice", BOB, i -> item(BOB, "Bob", Subscription.both, List.of()));
        assertEquals(null, store.cachedRoster("alice"), "dropped by the write");
        assertEquals(Subscription.both, store.roster("alice").items().get(0).subscription());
        assertEquals(new Roster(0, List.of()), store.cachedRoster("carol"), "other users keep theirs");
        store.remove("alice", BOB);
        assertEquals(List.of(), store.roster("alice").items());
        store.deleteUser("carol");
        assertEquals(null, store.cachedRoster("carol"));
        JdbcRosterStore uncached = new JdbcRosterStore(db.open(), 0);
        uncached.roster("alice");
        assertEquals(null, uncached.cachedRoster("alice"));
    }
}
