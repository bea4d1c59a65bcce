package im.confab.api.sm;

import im.confab.api.session.ClientSession;
import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ProviderType;

/** What a plugin may do besides looking at its stanza. */
@ProviderType
public interface StanzaContext {

    /** Where a stanza is in its path through the session manager. */
    enum Direction {
        /** Just sent by a local client (its {@code from} already stamped), before routing. */
        FROM_CLIENT,
        /** Addressed to the server or to a local account, after routing. */
        TO_LOCAL
    }

    /** Routes a stanza the plugin produced (a reply, a push). */
    void send(Stanza stanza);

    /** @return the local session that sent the stanza, or null when it came from elsewhere */
    ClientSession origin();

    /** @return where the stanza is in its path */
    Direction direction();

    /**
     * @return true on a thread that may block (a plugin's own queue); false where a plugin must not block (a
     *         connection's event loop, a timer), so an inline plugin returns {@link Outcome#DEFER} instead of
     *         reading or writing a store
     */
    boolean mayBlock();
}
