package im.confab.test.support;

import im.confab.api.auth.AccountStore;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link AccountStore} that knows a set of usernames and nothing else: it keeps no passwords, so it has no
 * credentials to offer and cannot be logged in to.
 */
public class MemoryAccountStore implements AccountStore {
    /** The usernames that exist. */
    public final Set<String> users = new HashSet<>();

    /** @param users the usernames that exist at first */
    public MemoryAccountStore(String... users) {
        this.users.addAll(List.of(users));
    }

    @Override
    public boolean create(String username, String password) {
        return users.add(username);
    }

    @Override
    public boolean changePassword(String username, String password) {
        return users.contains(username);
    }

    @Override
    public boolean delete(String username) {
        return users.remove(username);
    }

    @Override
    public boolean exists(String username) {
        return users.contains(username);
    }

    @Override
    public Optional<ScramCredentials> credentials(String username, ScramAlgorithm algorithm) {
        return Optional.empty();
    }

    @Override
    public List<String> usernames() {
        return users.stream().sorted().toList();
    }
}
