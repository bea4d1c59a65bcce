package im.confab.api.sm;

import im.confab.api.session.ClientSession;
import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Last stage (Tigase's filters): sees every stanza just before it is written to a local client, in ranking
 * order. Runs inline on the caller's thread: it must be cheap and never block.
 */
@ConsumerType
public interface StanzaFilter {

    /** @return the stanza to deliver (the same or a copy), or null to drop it */
    Stanza filter(Stanza outgoing, ClientSession recipient);
}
