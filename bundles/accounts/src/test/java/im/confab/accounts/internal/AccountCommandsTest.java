package im.confab.accounts.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountCommandsTest {
    private final MemoryAccountStore store = new MemoryAccountStore();
    private final AccountCommands commands = new AccountCommands(store);

    @Test
    void useraddTakesALocalpartOrABareJid() {
        assertEquals("created alice", commands.useradd("alice", "pw1"));
        assertEquals("created bob", commands.useradd("Bob@Example.ORG", "pw2"));
        assertEquals("created carol", commands.useradd("  carol  ", "pw3"));
        assertEquals(List.of("alice", "bob", "carol"), store.usernames());
        assertEquals("pw2", store.password("bob"));
    }

    @Test
    void useraddOfAnExistingAccountFails() {
        commands.useradd("alice", "first");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> commands.useradd("ALICE@localhost", "second"));
        assertEquals("account alice already exists", e.getMessage());
        assertEquals("first", store.password("alice"));
    }

    @Test
    void badUserNamesAreExplained() {
        assertMessage("a user name is required", () -> commands.useradd("", "pw"));
        assertMessage("a user name is required", () -> commands.useradd(null, "pw"));
        assertMessage("'alice@example.org/phone' has a resource", () -> commands.useradd("alice@example.org/phone",
                "pw"));
        assertMessage("invalid user name '@example.org'", () -> commands.useradd("@example.org", "pw"));
        assertMessage("invalid user name 'a b'", () -> commands.useradd("a b", "pw"));
        assertMessage("invalid user name 'alice@bad domain'", () -> commands.useradd("alice@bad domain", "pw"));
        assertMessage("invalid user name 'alice/phone'", () -> commands.useradd("alice/phone", "pw"));
        assertEquals(List.of(), store.usernames());
    }

    @Test
    void emptyPasswordsAreRefused() {
        assertMessage("the password must not be empty", () -> commands.useradd("alice", ""));
        commands.useradd("alice", "pw");
        assertMessage("the password must not be empty", () -> commands.passwd("alice", ""));
        assertEquals("pw", store.password("alice"));
    }

    @Test
    void passwdChangesAnExistingAccountOnly() {
        commands.useradd("alice", "old");
        assertEquals("password changed for alice", commands.passwd("alice@example.org", "new"));
        assertEquals("new", store.password("alice"));
        assertMessage("no account bob", () -> commands.passwd("bob", "x"));
    }

    @Test
    void userdelAndUsers() {
        assertNull(commands.users()); // nothing printed
        commands.useradd("bob", "pw");
        commands.useradd("alice", "pw");
        assertEquals("alice\nbob", commands.users());
        assertEquals("deleted bob", commands.userdel("Bob"));
        assertMessage("no account bob", () -> commands.userdel("bob@example.org"));
        assertEquals("alice", commands.users());
    }

    private static void assertMessage(String expectedStart, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
