package im.confab.store.jdbc.internal;

import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcAccountStoreTest {
    @TempDir
    Path data;

    private final List<Database> opened = new ArrayList<>();

    /** The embedded H2 database in {@link #data}, for the tests of H2 files and configuration. */
    private JdbcAccountStore openH2() {
        Database db = new Database(data, TestConfig.defaults());
        opened.add(db);
        return new JdbcAccountStore(db);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Database::close);
    }

    private static ScramCredentials creds(JdbcAccountStore s, String user, ScramAlgorithm a) {
        return s.credentials(user, a).orElseThrow(() -> new AssertionError("no " + a + " credentials for " + user));
    }

    @EachDatabase
    void createdAccountHasCredentialsForEveryHash(TestDatabase db) {
        JdbcAccountStore store = new JdbcAccountStore(db.open());
        assertTrue(store.create("Alice", "correct horse"));

        assertTrue(store.exists("alice"));
        assertTrue(store.exists("ALICE"));
        assertFalse(store.exists("bob"));
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            ScramCredentials c = creds(store, "alice", a);
            assertEquals(a, c.algorithm());
            assertEquals(Scram.DEFAULT_ITERATIONS, c.iterations());
            assertEquals(a.length(), c.storedKey().length);
            assertTrue(Scram.verify(c, "correct horse"));
            assertFalse(Scram.verify(c, "correct horse "));
        }
        assertNotEquals(HexFormat.of().formatHex(creds(store, "alice", ScramAlgorithm.SHA_1).salt()),
                HexFormat.of().formatHex(creds(store, "alice", ScramAlgorithm.SHA_256).salt()));
        assertTrue(store.credentials("bob", ScramAlgorithm.SHA_256).isEmpty());
    }

    @EachDatabase
    void cachedCredentialsFollowEveryChangeAndAreServedWithoutTheDatabase(TestDatabase db) throws Exception {
        Database database = db.open();
        JdbcAccountStore store = new JdbcAccountStore(database, 10);
        assertTrue(store.credentials("alice", ScramAlgorithm.SHA_256).isEmpty()); // an unknown user is not kept
        assertNull(store.cachedCredentials("alice", ScramAlgorithm.SHA_256));
        assertTrue(store.create("alice", "first"));
        assertNull(store.cachedCredentials("Alice", ScramAlgorithm.SHA_256), "not read yet: not in memory");
        assertTrue(Scram.verify(creds(store, "alice", ScramAlgorithm.SHA_256), "first"));
        assertTrue(Scram.verify(store.cachedCredentials("Alice", ScramAlgorithm.SHA_256), "first"), "normalized");
        assertNull(store.cachedCredentials("alice", ScramAlgorithm.SHA_1), "per algorithm");
        assertNull(store.cachedCredentials("not a valid name@", ScramAlgorithm.SHA_256));

        // served from memory: a change behind the store's back (another process) is not seen, by design
        database.call(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("DELETE FROM accounts WHERE username = 'alice'");
            }
        });
        assertTrue(Scram.verify(creds(store, "alice", ScramAlgorithm.SHA_256), "first"));
        assertTrue(store.create("alice", "again")); // the account is back, through the store this time

        // every write through the store is seen by the next login
        assertTrue(Scram.verify(creds(store, "alice", ScramAlgorithm.SHA_256), "again"));
        assertTrue(store.changePassword("alice", "second"));
        assertNull(store.cachedCredentials("alice", ScramAlgorithm.SHA_256), "a write drops what was in memory");
        assertTrue(Scram.verify(creds(store, "alice", ScramAlgorithm.SHA_256), "second"));
        assertTrue(Scram.verify(creds(store, "alice", ScramAlgorithm.SHA_1), "second"));
        assertTrue(store.delete("alice"));
        assertTrue(store.credentials("alice", ScramAlgorithm.SHA_256).isEmpty());
        assertTrue(store.credentials("alice", ScramAlgorithm.SHA_1).isEmpty());
    }

    @EachDatabase
    void duplicateCreateReturnsFalseAndKeepsTheFirstPassword(TestDatabase db) {
        JdbcAccountStore store = new JdbcAccountStore(db.open());
        assertTrue(store.create("alice", "first"));
        assertFalse(store.create("alice", "second"));
        assertFalse(store.create("ALICE", "third")); // same normalized localpart
        assertTrue(Scram.verify(creds(store, "alice", ScramAlgorithm.SHA_256), "first"));
        assertEquals(List.of("alice"), store.usernames());
    }

    @EachDatabase
    void changePassword(TestDatabase db) {
        JdbcAccountStore store = new JdbcAccountStore(db.open());
        store.create("alice", "old");
        byte[] oldSalt = creds(store, "alice", ScramAlgorithm.SHA_256).salt();
        assertTrue(store.changePassword("Alice", "new"));
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            assertTrue(Scram.verify(creds(store, "alice", a), "new"));
            assertFalse(Scram.verify(creds(store, "alice", a), "old"));
        }
        assertFalse(java.util.Arrays.equals(oldSalt, creds(store, "alice", ScramAlgorithm.SHA_256).salt()));
        assertFalse(store.changePassword("nobody", "x"));
        assertThrows(IllegalArgumentException.class, () -> store.changePassword("alice", ""));
        assertTrue(Scram.verify(creds(store, "alice", ScramAlgorithm.SHA_1), "new"));
    }

    @EachDatabase
    void deleteAndList(TestDatabase db) {
        JdbcAccountStore store = new JdbcAccountStore(db.open());
        for (String u : List.of("carol", "Bob", "alice", "émile")) {
            assertTrue(store.create(u, "pw-" + u));
        }
        assertEquals(List.of("alice", "bob", "carol", "émile"), store.usernames());
        assertTrue(store.delete("BOB"));
        assertFalse(store.delete("bob"));
        assertFalse(store.exists("bob"));
        assertTrue(store.credentials("bob", ScramAlgorithm.SHA_1).isEmpty());
        assertEquals(List.of("alice", "carol", "émile"), store.usernames());
        assertThrows(UnsupportedOperationException.class, () -> store.usernames().add("x"));
    }

    @EachDatabase
    void invalidInputIsRefusedWithAClearMessage(TestDatabase db) {
        JdbcAccountStore store = new JdbcAccountStore(db.open());
        for (String bad : List.of("", "a b", "a@b", "a/b", "x".repeat(1024))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.create(bad, "pw"), bad);
            assertTrue(e.getMessage().startsWith("invalid username"), e.getMessage());
            assertFalse(store.exists(bad)); // lookups of impossible names simply find nothing
            assertTrue(store.credentials(bad, ScramAlgorithm.SHA_1).isEmpty());
            assertFalse(store.delete(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> store.create(null, "pw"));
        assertFalse(store.exists(null));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> store.create("a", ""));
        assertTrue(empty.getMessage().contains("password"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.create("a", null));
        assertEquals(List.of(), store.usernames());
    }

    @EachDatabase
    void accountsSurviveClosingAndReopening(TestDatabase db) {
        Database firstDb = db.open();
        JdbcAccountStore first = new JdbcAccountStore(firstDb);
        first.create("alice", "secret");
        ScramCredentials before = creds(first, "alice", ScramAlgorithm.SHA_256);
        firstDb.close();
        assertThrows(IllegalStateException.class, () -> first.exists("alice")); // closed means closed

        JdbcAccountStore second = new JdbcAccountStore(db.open());
        assertTrue(second.exists("alice"));
        assertEquals(before, creds(second, "alice", ScramAlgorithm.SHA_256));
        assertTrue(Scram.verify(creds(second, "alice", ScramAlgorithm.SHA_1), "secret"));
    }

    @EachDatabase
    void migrationsRunOnceAcrossRestarts(TestDatabase db) throws Exception {
        for (int i = 0; i < 3; i++) {
            Database d = db.open();
            new JdbcAccountStore(d).create("user" + i, "pw");
            d.close();
        }
        Database d = db.open();
        List<String> versions = d.call(c -> {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version, description FROM schema_version ORDER BY version")) {
                while (rs.next()) {
                    out.add(rs.getInt(1) + " " + rs.getString(2));
                }
            }
            return out;
        });
        assertEquals(List.of("1 accounts", "2 im"), versions);
        assertEquals(List.of("user0", "user1", "user2"), new JdbcAccountStore(d).usernames());
    }

    @EachDatabase
    void aDatabaseFromANewerVersionIsRefused(TestDatabase db) throws Exception {
        Database d = db.open();
        d.call(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("INSERT INTO schema_version VALUES (99, 'future', 0, CURRENT_TIMESTAMP)");
            }
        });
        d.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, db::open);
        assertTrue(e.getMessage().contains("xmpp.store.jdbc") && e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void theDefaultDatabaseIsAnH2FileInTheDataDirectory() {
        openH2().create("alice", "pw");
        assertTrue(Files.isRegularFile(data.resolve("db/confab.mv.db")));
    }

    @Test
    void noPlaintextPasswordInTheDatabaseFiles() throws IOException {
        String password = "Plaintext-Needle-4711";
        JdbcAccountStore store = openH2();
        store.create("needle-user", password);
        store.changePassword("needle-user", password + "-2");
        store.create("other", password);
        closeAll();

        List<Path> files;
        try (var walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty());
        boolean usernameSeen = false;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (var cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
                assertFalse(contains(bytes, password.getBytes(cs)), "password found in " + f + " as " + cs);
            }
            usernameSeen |= contains(bytes, "needle-user".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(usernameSeen, "the scan must be able to see stored strings at all");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @EachDatabase
    void concurrentUseThroughASmallPool(TestDatabase db) throws Exception {
        JdbcAccountStore store = new JdbcAccountStore(db.open(2));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String user = "u" + (i % 20); // every name twice: exactly one create wins
                results.add(pool.submit(() -> store.create(user, "pw")));
            }
            int created = 0;
            for (Future<Boolean> r : results) {
                created += r.get() ? 1 : 0;
            }
            assertEquals(20, created);
            assertEquals(20, store.usernames().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badConfigurationFailsActivationNamingPidAndKey() {
        assertConfigFails("xmpp.store.jdbc pool.size", TestConfig.defaults().withPoolSize(0));
        assertConfigFails("xmpp.store.jdbc pool.size", TestConfig.defaults().withPoolSize(65));
        assertConfigFails("xmpp.store.jdbc url", TestConfig.defaults().withUrl("jdbc:mysql://db/confab"));
        assertConfigFails("xmpp.store.jdbc url", TestConfig.defaults().withUrl("jdbc:postgresql://db:port/confab"));
        // Nothing listens on port 1: refused at once, and named as the url's fault.
        assertConfigFails("xmpp.store.jdbc url", TestConfig.defaults().withUrl("jdbc:postgresql://127.0.0.1:1/confab"));
        assertConfigFails("xmpp.store.jdbc url", TestConfig.defaults().withUrl("jdbc:h2:file:" + data
                + "/x;NO_SUCH_OPTION=1"));
    }

    @Test
    void anExplicitH2UrlIsUsedAsGiven() {
        String url = "jdbc:h2:file:" + data.resolve("elsewhere/accounts") + ";WRITE_DELAY=0";
        Database db = new Database(data, TestConfig.defaults().withUrl(url));
        opened.add(db);
        new JdbcAccountStore(db).create("alice", "pw");
        assertTrue(Files.isRegularFile(data.resolve("elsewhere/accounts.mv.db")));
        assertTrue(Files.notExists(data.resolve("db")));
    }

    private void assertConfigFails(String expected, TestConfig config) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> opened.add(new Database(data, config)));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @EachDatabase
    void storedBytesRoundTrip(TestDatabase db) {
        JdbcAccountStore store = new JdbcAccountStore(db.open());
        store.create("alice", "pw");
        ScramCredentials c = creds(store, "alice", ScramAlgorithm.SHA_1);
        assertArrayEquals(Scram.derive(ScramAlgorithm.SHA_1, "pw", c.salt(), c.iterations()).serverKey(),
                c.serverKey());
    }

    @EachDatabase
    void deletingAnAccountDeletesEverythingStoredForItAndTellsTheListeners(TestDatabase db) {
        Database d = db.open();
        JdbcAccountStore accounts = new JdbcAccountStore(d);
        JdbcRosterStore rosters = new JdbcRosterStore(d, 100);
        JdbcBlockingStore blocking = new JdbcBlockingStore(d);
        JdbcLastActivityStore last = new JdbcLastActivityStore(d);
        JdbcXmlStore xml = new JdbcXmlStore(d, new im.confab.xml.internal.AaltoStreamParserFactory());
        JdbcOfflineStore offline = new JdbcOfflineStore(d, new im.confab.xml.internal.AaltoStreamParserFactory());
        List<String> told = new ArrayList<>();
        accounts.addListener(rosters);
        accounts.addListener(last);
        accounts.addListener(told::add);
        im.confab.api.jid.Jid bob = im.confab.api.jid.Jid.parse("bob@example.com");
        for (String user : List.of("alice", "carol")) {
            assertTrue(accounts.create(user, "secret"));
            rosters.put(user, new im.confab.api.store.RosterStore.Item(bob, "Bob",
                    im.confab.api.store.RosterStore.Subscription.both, false, false, false, List.of("Friends")));
            blocking.block(user, List.of(bob));
            last.set(user, java.time.Instant.parse("2026-11-21T10:00:00Z"), "gone");
            xml.put(user, "vcard", "", im.confab.api.xml.XmlElement.of("vCard", "vcard-temp"));
            offline.store(user, im.confab.api.stanza.Stanza.message().from(bob).to(
                    im.confab.api.jid.Jid.parse(user + "@example.com")).body("hi").build(),
                    java.time.Instant.parse("2026-11-21T10:00:00Z"), 10);
        }
        rosters.roster("alice"); // now also in memory

        assertTrue(accounts.delete("Alice"));
        assertEquals(List.of("alice"), told);
        assertEquals(null, rosters.cachedRoster("alice"));
        assertEquals(List.of(), rosters.roster("alice").items());
        assertEquals(0, rosters.roster("alice").version());
        assertTrue(blocking.blocked("alice").isEmpty());
        assertTrue(last.last("alice").isEmpty());
        assertTrue(xml.get("alice", "vcard", "").isEmpty());
        assertEquals(0, offline.count("alice"));
        // a new account of the same name starts empty; the other user keeps everything
        assertTrue(accounts.create("alice", "other"));
        assertTrue(rosters.roster("alice").items().isEmpty());
        assertEquals(1, rosters.roster("carol").items().size());
        assertEquals(1, blocking.blocked("carol").size());
        assertEquals(1, offline.count("carol"));
        assertFalse(accounts.delete("nobody"));
        assertEquals(List.of("alice"), told);
    }
}
