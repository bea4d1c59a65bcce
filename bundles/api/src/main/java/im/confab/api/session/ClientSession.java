package im.confab.api.session;

import im.confab.api.jid.Jid;
import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ProviderType;

/** A bound resource: what the session manager gives a connection when it binds. */
@ProviderType
public interface ClientSession {

    /** @return the full JID of the session */
    Jid jid();

    /** @return the connection behind the session */
    ClientConnection connection();

    /** Processes a stanza the client sent. Stamps {@code from}; never blocks. */
    void receive(Stanza fromClient);

    /** @return true once the client sent available presence (and not unavailable since) */
    boolean available();

    /** @return the priority of the session's last available presence (RFC 6121 4.7.2.3) */
    int priority();

    /** @return the value a plugin stored under the key, or null */
    <T> T attribute(SessionAttribute<T> key);

    /** Stores (or with null removes) a value; thread-safe. */
    <T> void attribute(SessionAttribute<T> key, T value);

    /** The connection ended; the session manager forgets the session. Idempotent. */
    void end();
}
