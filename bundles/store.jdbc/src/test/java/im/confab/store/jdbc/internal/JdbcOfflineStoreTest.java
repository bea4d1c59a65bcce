package im.confab.store.jdbc.internal;

import im.confab.api.jid.Jid;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.OfflineStore.Stored;
import im.confab.api.store.StoreException;
import im.confab.api.xml.XmlElement;
import im.confab.xml.internal.AaltoStreamParserFactory;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcOfflineStoreTest {
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00.123456Z");

    static JdbcOfflineStore open(Database db) {
        return new JdbcOfflineStore(db, new AaltoStreamParserFactory());
    }

    static Stanza message(String to, String body) {
        return Stanza.message().type("chat").id("m-" + body).from(Jid.parse("bob@example.org/phone"))
                .to(Jid.parse(to + "@example.com")).body(body)
                .child(XmlElement.builder("delay", "urn:xmpp:delay").attribute("stamp", "2024-05-01T12:00:00Z")
                        .build())
                .build();
    }

    /** Stanza has no equals: its element has. */
    private static List<String> summary(List<Stored> stored) {
        return stored.stream().map(s -> s.id() + " " + s.stamp() + " " + s.message().element().toXml()).toList();
    }

    private static List<String> bodies(List<Stored> stored) {
        return stored.stream().map(s -> s.message().element().childText("body")).toList();
    }

    @EachDatabase
    void storedMessagesComeBackOldestFirstWithStampAndContent(TestDatabase db) {
        JdbcOfflineStore store = open(db.open());
        Stanza first = message("alice", "first <&> 'quoted' \"x\" ü 😀");
        assertTrue(store.store("Alice", first, T0, 10));
        assertTrue(store.store("alice", message("alice", "second"), T0.minusSeconds(60), 10)); // order: by arrival
        assertTrue(store.store("alice", message("alice", "third"), T0.plusNanos(999), 10));

        List<Stored> all = store.peek("alice", 10);
        assertEquals(List.of(first.element().childText("body"), "second", "third"), bodies(all));
        assertEquals(first.element(), all.get(0).message().element());
        assertEquals(first.from(), all.get(0).message().from());
        assertEquals(T0, all.get(0).stamp());
        assertEquals(T0.minusSeconds(60), all.get(1).stamp());
        assertEquals(T0, all.get(2).stamp()); // microseconds: what both databases keep
        assertTrue(all.get(0).id() < all.get(1).id() && all.get(1).id() < all.get(2).id());
        assertEquals(3, store.count("alice"));
        assertEquals(summary(all), summary(store.peek("alice", 10))); // peek removes nothing
        assertEquals(bodies(all).subList(0, 2), bodies(store.peek("alice", 2)));
        assertEquals(List.of(), store.peek("alice", 0));
        assertEquals(List.of(), store.peek("nobody", 5));
    }

    @EachDatabase
    void deleteRemovesTheGivenIdsOfThatUserOnly(TestDatabase db) {
        JdbcOfflineStore store = open(db.open());
        for (String b : List.of("a", "b", "c")) {
            store.store("alice", message("alice", b), T0, 10);
        }
        store.store("bob", message("bob", "for bob"), T0, 10);
        List<Stored> alice = store.peek("alice", 10);
        long bobsId = store.peek("bob", 1).get(0).id();

        store.delete("alice", List.of(alice.get(0).id(), alice.get(2).id(), bobsId)); // bob's id is not alice's
        assertEquals(List.of("b"), bodies(store.peek("alice", 10)));
        assertEquals(1, store.count("bob"));
        store.delete("alice", List.of());
        assertEquals(1, store.count("alice"));
    }

    @EachDatabase
    void theQuotaIsCheckedBeforeStoring(TestDatabase db) {
        JdbcOfflineStore store = open(db.open());
        assertTrue(store.store("alice", message("alice", "1"), T0, 2));
        assertTrue(store.store("alice", message("alice", "2"), T0, 2));
        assertFalse(store.store("alice", message("alice", "3"), T0, 2));
        assertEquals(List.of("1", "2"), bodies(store.peek("alice", 10)));
        assertTrue(store.store("alice", message("alice", "3"), T0, 3)); // a larger quota: room again
        assertFalse(store.store("bob", message("bob", "x"), T0, 0));
        assertEquals(0, store.count("bob"));
        store.delete("alice", List.of(store.peek("alice", 1).get(0).id()));
        assertTrue(store.store("alice", message("alice", "4"), T0, 3));
    }

    @EachDatabase
    void concurrentStoresNeverExceedTheQuota(TestDatabase db) throws Exception {
        JdbcOfflineStore store = open(db.open(4));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Stanza m = message("alice", "m" + i);
                results.add(pool.submit(() -> store.store("alice", m, T0, 5)));
            }
            int stored = 0;
            for (Future<Boolean> r : results) {
                stored += r.get() ? 1 : 0;
            }
            assertEquals(5, stored);
            assertEquals(5, store.count("alice"));
        } finally {
            pool.shutdownNow();
        }
    }

    @EachDatabase
    void deleteUserRemovesOnlyThatUser(TestDatabase db) {
        JdbcOfflineStore store = open(db.open());
        store.store("alice", message("alice", "a"), T0, 10);
        store.store("bob", message("bob", "b"), T0, 10);
        store.deleteUser("alice");
        assertEquals(0, store.count("alice"));
        assertEquals(List.of("b"), bodies(store.peek("bob", 10)));
        assertTrue(store.store("alice", message("alice", "again"), T0, 1)); // the user's lock row comes back
    }

    @EachDatabase
    void aMessageTheParserRefusesIsSkippedNotFatal(TestDatabase db) throws Exception {
        Database d = db.open();
        JdbcOfflineStore store = open(d);
        store.store("alice", message("alice", "good"), T0, 10);
        d.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(OfflineSql.INSERT)) {
                ps.setString(1, "alice");
                ps.setObject(2, Database.timestamp(T0));
                ps.setString(3, "<message xmlns='jabber:client'><unclosed></message>");
                return ps.executeUpdate();
            }
        });
        store.store("alice", message("alice", "later"), T0, 10);
        assertEquals(List.of("good", "later"), bodies(store.peek("alice", 10)));
        assertEquals(3, store.count("alice"));
    }

    @EachDatabase
    void failuresAreStoreExceptionsNamingTheOperation(TestDatabase db) {
        Database d = db.open();
        JdbcOfflineStore store = open(d);
        d.close();
        StoreException e = assertThrows(StoreException.class,
                () -> store.store("alice", message("alice", "x"), T0, 10));
        assertTrue(e.getMessage().startsWith("xmpp.store.jdbc: cannot store an offline message for alice"),
                e.getMessage());
        assertThrows(StoreException.class, () -> store.peek("alice", 1));
        assertThrows(StoreException.class, () -> store.count("alice"));
    }
}
