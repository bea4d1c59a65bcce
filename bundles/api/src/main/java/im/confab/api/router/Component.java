package im.confab.api.router;

import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A destination of the router: the session manager for local domains, later MUC, external components, s2s.
 * Registered as a service with the property {@value #DOMAIN_PROPERTY} (one or more domains; {@code *}
 * for the default route to remote servers). The router finds them at runtime.
 */
@ConsumerType
public interface Component {
    /** Service property naming the domains a component serves. */
    String DOMAIN_PROPERTY = "xmpp.domain";

    /** Receives a stanza addressed to one of this component's domains. Must not block. */
    void receive(Stanza stanza);
}
