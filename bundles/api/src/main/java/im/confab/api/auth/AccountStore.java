package im.confab.api.auth;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Optional;

/**
 * Accounts of the local domains. Passwords are kept only as SCRAM credentials. Usernames are normalized
 * localparts (see {@code Jid.normalizeLocal}). Methods may block on storage: call them off network threads.
 */
@ProviderType
public interface AccountStore {

    /**
     * Creates an account.
     *
     * @return false if it already exists
     * @throws IllegalArgumentException if the username is not a valid localpart or the password is empty
     */
    boolean create(String username, String password);

    /** @return false if there is no such account */
    boolean changePassword(String username, String password);

    /**
     * Deletes the account and everything stored for it (roster, offline messages, vCard, private XML, PEP items,
     * blocklist, last activity), then tells every {@link AccountListener}.
     *
     * @return false if there was no such account
     */
    boolean delete(String username);

    /** @return true if the account exists */
    boolean exists(String username);

    /** @return the account's credentials for one hash, empty if there is no such account */
    Optional<ScramCredentials> credentials(String username, ScramAlgorithm algorithm);

    /**
     * @return the account's credentials for one hash if the store holds them in memory, else null (not known here:
     *         ask {@link #credentials}, which may block). Never blocks, so a login can be answered on a connection's
     *         event loop without a hand-off to a thread that may.
     */
    default ScramCredentials cachedCredentials(String username, ScramAlgorithm algorithm) {
        return null;
    }

    /** @return the usernames, sorted */
    List<String> usernames();
}
