package im.confab.api.router;

import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Hands stanzas to the component serving their destination domain (Tigase's MessageRouter). The stanza's
 * {@code from} must already be set and trusted: components and the session manager stamp it.
 */
@ProviderType
public interface Router {

    /**
     * Routes one stanza. Never blocks; a stanza to a domain nobody serves is answered with an RFC 6120 error
     * (or dropped when it is itself an error or a result).
     */
    void route(Stanza stanza);
}
