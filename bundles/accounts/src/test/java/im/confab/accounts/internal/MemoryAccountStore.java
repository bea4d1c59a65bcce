package im.confab.accounts.internal;

import im.confab.api.auth.AccountStore;
import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import im.confab.api.jid.Jid;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An AccountStore in a map, following the interface's contract, for command tests; thread-safe because
 * confab:import creates accounts in parallel.
 */
final class MemoryAccountStore implements AccountStore {
    private final Map<String, String> passwords = new ConcurrentSkipListMap<>();

    @Override
    public boolean create(String username, String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("empty password");
        }
        return passwords.putIfAbsent(Jid.normalizeLocal(username), password) == null;
    }

    @Override
    public boolean changePassword(String username, String password) {
        return passwords.replace(Jid.normalizeLocal(username), password) != null;
    }

    @Override
    public boolean delete(String username) {
        return passwords.remove(Jid.normalizeLocal(username)) != null;
    }

    @Override
    public boolean exists(String username) {
        return passwords.containsKey(Jid.normalizeLocal(username));
    }

    @Override
    public Optional<ScramCredentials> credentials(String username, ScramAlgorithm algorithm) {
        return Optional.ofNullable(passwords.get(Jid.normalizeLocal(username)))
                .map(p -> Scram.derive(algorithm, p, 4096));
    }

    @Override
    public List<String> usernames() {
        return List.copyOf(passwords.keySet());
    }

    String password(String username) {
        return passwords.get(username);
    }
}
