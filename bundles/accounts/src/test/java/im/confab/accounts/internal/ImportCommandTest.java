package im.confab.accounts.internal;

import im.confab.api.jid.Jid;
import im.confab.api.store.RosterStore.Item;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.test.support.MemoryRosterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportCommandTest {
    private final MemoryAccountStore accounts = new MemoryAccountStore();
    private final MemoryRosterStore rosters = new MemoryRosterStore();
    private final ImportCommand command = new ImportCommand(accounts, rosters);

    @TempDir
    Path dir;

    @Test
    void importsAccountsAndRosterItems() throws Exception {
        String out = command._import(file("""
                # two accounts who see each other
                user alice pass with spaces
                user Bob@example.org pw2

                contact alice bob@example.org both Bobby B.
                contact bob alice@example.org from
                """));
        assertTrue(out.startsWith("accounts: 2 created, 0 already existed; roster items: 2 for 2 users in "), out);
        assertEquals("pass with spaces", accounts.password("alice"));
        assertEquals("pw2", accounts.password("bob"));
        Item bobby = rosters.item("alice", Jid.parse("bob@example.org")).orElseThrow();
        assertEquals(Subscription.both, bobby.subscription());
        assertEquals("Bobby B.", bobby.name());
        Item alice = rosters.item("bob", Jid.parse("alice@example.org")).orElseThrow();
        assertEquals(Subscription.from, alice.subscription());
        assertNull(alice.name());
        assertEquals(List.of(), alice.groups());
    }

    @Test
    void importingAgainLeavesAccountsAlone() throws Exception {
        accounts.create("alice", "old");
        String out = command._import(file("user alice new\nuser carol pw\ncontact alice carol@localhost to\n"));
        assertTrue(out.startsWith("accounts: 1 created, 1 already existed; roster items: 1 for 1 users"), out);
        assertEquals("old", accounts.password("alice"));
        command._import(file("contact alice carol@localhost both\n"));
        assertEquals(Subscription.both, rosters.item("alice", Jid.parse("carol@localhost")).orElseThrow()
                .subscription());
        assertEquals(1, rosters.size("alice"));
    }

    @Test
    void aThousandAccountsInParallel() throws Exception {
        List<String> lines = new ArrayList<>();
        IntStream.rangeClosed(1, 1000).forEach(i -> lines.add("user user" + i + " pass" + i));
        Path f = dir.resolve("many.txt");
        Files.write(f, lines);
        String out = command._import(f.toString());
        assertTrue(out.startsWith("accounts: 1000 created, 0 already existed"), out);
        assertEquals("pass777", accounts.password("user777"));
        assertEquals(1000, accounts.usernames().size());
    }

    @Test
    void aBadLineChangesNothingAndIsNamed() throws Exception {
        assertMessage("line 3: subscription 'mutual' is not none, to, from or both",
                () -> command._import(file("user alice pw\n# c\ncontact alice bob@localhost mutual\n")));
        assertMessage("line 1: 'bob@localhost/phone' is not a bare JID",
                () -> command._import(file("contact alice bob@localhost/phone both\n")));
        assertMessage("line 1: user NAME PASSWORD", () -> command._import(file("user alice\n")));
        assertMessage("line 2: user alice appears twice", () -> command._import(file("user alice a\nuser ALICE b\n")));
        assertMessage("line 1: unknown record 'group'", () -> command._import(file("group friends\n")));
        assertMessage("line 1: invalid user name 'a/b'", () -> command._import(file("user a/b pw\n")));
        assertMessage("roster item for zed, which is neither in the file nor an account",
                () -> command._import(file("user alice pw\ncontact zed alice@localhost both\n")));
        assertEquals(List.of(), accounts.usernames());
        assertTrue(rosters.items.isEmpty() || rosters.items.values().stream().allMatch(m -> m.isEmpty()));
    }

    @Test
    void aMissingFileIsReported() {
        assertMessage("cannot read " + dir.resolve("nope"), () -> command._import(dir.resolve("nope").toString()));
    }

    private String file(String content) throws Exception {
        Path f = Files.createTempFile(dir, "import", ".txt");
        Files.writeString(f, content);
        return f.toString();
    }

    private static void assertMessage(String expectedStart, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
