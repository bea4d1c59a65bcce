package im.confab.store.jdbc.internal;

import im.confab.api.jid.Jid;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JdbcBlockingStoreTest {
    private static final Jid DOMAIN = Jid.parse("spam.example");
    private static final Jid BARE = Jid.parse("Troll@Example.org");
    private static final Jid FULL = Jid.parse("bob@example.org/Phone");

    @EachDatabase
    void blockAndUnblockDomainBareAndFullJids(TestDatabase db) {
        JdbcBlockingStore store = new JdbcBlockingStore(db.open());
        assertEquals(Set.of(), store.blocked("alice"));
        store.block("Alice", List.of(DOMAIN, BARE, FULL));
        store.block("alice", List.of(BARE, BARE)); // already there: no error, no duplicate
        assertEquals(Set.of(DOMAIN, BARE, FULL), store.blocked("alice"));
        assertEquals(List.of(FULL, DOMAIN, BARE), List.copyOf(store.blocked("alice"))); // sorted by string

        store.unblock("alice", List.of(BARE, Jid.parse("never@blocked.example")));
        assertEquals(Set.of(DOMAIN, FULL), store.blocked("alice"));
        store.unblock("alice", List.of()); // all
        assertEquals(Set.of(), store.blocked("alice"));
        assertThrows(UnsupportedOperationException.class, () -> store.blocked("alice").add(DOMAIN));
    }

    @EachDatabase
    void unblockAllAndDeleteUserTouchOnlyThatUser(TestDatabase db) {
        JdbcBlockingStore store = new JdbcBlockingStore(db.open());
        store.block("alice", List.of(DOMAIN));
        store.block("bob", List.of(DOMAIN, BARE));
        store.unblock("alice", List.of());
        assertEquals(Set.of(DOMAIN, BARE), store.blocked("bob"));
        store.block("alice", List.of(FULL));
        store.deleteUser("alice");
        assertEquals(Set.of(), store.blocked("alice"));
        assertEquals(Set.of(DOMAIN, BARE), store.blocked("bob"));
    }
}
