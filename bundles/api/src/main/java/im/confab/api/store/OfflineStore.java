package im.confab.api.store;

import im.confab.api.stanza.Stanza;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Messages kept for users without an available resource (XEP-0160). Durable once {@link #store} returned. */
@ProviderType
public interface OfflineStore {

    /** A stored message with its id and the time the server accepted it. */
    record Stored(long id, Instant stamp, Stanza message) {
    }

    /**
     * Stores a message, committed to disk before returning.
     *
     * @param quota the most messages the user may have stored
     * @return false when the user already has {@code quota} messages (nothing stored)
     */
    boolean store(String user, Stanza message, Instant stamp, int quota);

    /** @return up to {@code max} stored messages, oldest first, without removing them */
    List<Stored> peek(String user, int max);

    /** Removes delivered messages. */
    void delete(String user, List<Long> ids);

    /** @return how many messages are stored for the user */
    int count(String user);

    /** Deletes everything of a user (account removal). */
    void deleteUser(String user);
}
