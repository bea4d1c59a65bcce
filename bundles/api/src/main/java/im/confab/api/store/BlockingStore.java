package im.confab.api.store;

import im.confab.api.jid.Jid;

import java.util.Collection;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** Blocklists (XEP-0191). Items are JIDs of any form (domain, bare, full) as the user gave them. */
@ProviderType
public interface BlockingStore {

    /** @return the blocklist */
    Set<Jid> blocked(String user);

    /** Adds items. */
    void block(String user, Collection<Jid> jids);

    /** Removes items; an empty collection removes all. */
    void unblock(String user, Collection<Jid> jids);

    /** Deletes everything of a user (account removal). */
    void deleteUser(String user);
}
