package im.confab.api.sm;

import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A session-manager plugin: registered as a service whose properties (from {@code im.confab.api.annotations})
 * say which stanzas it handles. A handler never mutates its input; it emits results through the context.
 */
@ConsumerType
public interface StanzaHandler {

    /** Handles one stanza addressed to the server or to an account on its behalf. */
    Outcome handle(Stanza stanza, StanzaContext context);
}
