package im.confab.api.store;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** When each user was last seen going offline, and with what status (XEP-0012). */
@ProviderType
public interface LastActivityStore {

    /** The last logout. */
    record Last(Instant at, String status) {
    }

    /** @return the user's last logout, empty if never */
    Optional<Last> last(String user);

    /** Records a logout. */
    void set(String user, Instant at, String status);

    /** Deletes everything of a user (account removal). */
    void deleteUser(String user);
}
