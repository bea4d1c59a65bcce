package im.confab.api.sm;

import im.confab.api.session.ClientSession;
import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ProviderType;

/** What a handler may do besides looking at its stanza. */
@ProviderType
public interface StanzaContext {

    /** Routes a stanza the handler produced (a reply, a push). */
    void send(Stanza stanza);

    /** @return the local session that sent the stanza, or null when it came from elsewhere */
    ClientSession origin();
}
