package im.confab.api.auth;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when an account is gone (XEP-0077 cancellation, {@code confab:user delete}) together with everything
 * stored for it, so that what a plugin or store keeps in memory about the account (a cached roster, blocklist or
 * PEP item) goes too: a new account of the same name starts empty. Registered as a service; the account store
 * calls every one present after the deletion committed.
 */
@ConsumerType
public interface AccountListener {

    /**
     * Called on the thread that deleted the account (a plugin queue or the shell), after the commit; must not
     * block long.
     *
     * @param username the normalized localpart
     */
    void accountDeleted(String username);
}
