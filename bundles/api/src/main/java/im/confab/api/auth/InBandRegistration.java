package im.confab.api.auth;

import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * XEP-0077 In-Band Registration before authentication, offered by a plugin and used by connection managers:
 * c2s advertises the stream feature while {@link #open()} and hands it {@code jabber:iq:register} iqs that arrive
 * before authentication.
 */
@ConsumerType
public interface InBandRegistration {

    /** @return true while new accounts may be registered in-band (configuration) */
    boolean open();

    /**
     * Answers a {@code jabber:iq:register} get or set sent before authentication. May block on the account
     * store: callers run it off network threads.
     *
     * @param iq the request, without {@code from}
     * @param domain the domain the stream is for
     * @return the result or error to send back
     */
    Stanza preAuth(Stanza iq, String domain);
}
