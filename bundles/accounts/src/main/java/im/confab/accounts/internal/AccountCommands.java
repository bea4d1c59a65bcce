package im.confab.accounts.internal;

import im.confab.api.annotations.GogoCommand;
import im.confab.api.auth.AccountStore;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.util.List;

/**
 * Operator commands for accounts, in the manner of Prosody's prosodyctl adduser/passwd/deluser. A failure is
 * an exception, which Gogo prints and turns into a failed command. Passwords typed here stay in the shell's
 * history: prefer a fresh temporary password that the user changes.
 */
@Component(service = Object.class)
@GogoCommand(function = {"useradd", "passwd", "userdel", "users"})
public final class AccountCommands {
    private final AccountStore store;

    @Activate
    public AccountCommands(@Reference(name = "store") AccountStore store) {
        this.store = store;
    }

    @Descriptor("create an account")
    public String useradd(@Descriptor("user: alice or alice@example.org") String user,
                          @Descriptor("password (quote it if it has spaces or $)") String password) {
        String name = UserNames.localpart(user);
        UserNames.requirePassword(password);
        if (!store.create(name, password)) {
            throw new IllegalStateException("account " + name + " already exists");
        }
        return "created " + name;
    }

    @Descriptor("set the password of an account")
    public String passwd(@Descriptor("user: alice or alice@example.org") String user,
                         @Descriptor("new password (quote it if it has spaces or $)") String password) {
        String name = UserNames.localpart(user);
        UserNames.requirePassword(password);
        if (!store.changePassword(name, password)) {
            throw new IllegalStateException("no account " + name);
        }
        return "password changed for " + name;
    }

    @Descriptor("delete an account")
    public String userdel(@Descriptor("user: alice or alice@example.org") String user) {
        String name = UserNames.localpart(user);
        if (!store.delete(name)) {
            throw new IllegalStateException("no account " + name);
        }
        return "deleted " + name;
    }

    /** @return the accounts one per line, or null (nothing printed) when there are none */
    @Descriptor("list the accounts, one per line")
    public String users() {
        List<String> names = store.usernames();
        return names.isEmpty() ? null : String.join("\n", names);
    }
}
