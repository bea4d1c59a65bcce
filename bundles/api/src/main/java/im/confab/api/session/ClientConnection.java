package im.confab.api.session;

import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StreamError;
import org.osgi.annotation.versioning.ConsumerType;

/** The connection end of a client session, implemented by c2s (later BOSH and WebSocket). */
@ConsumerType
public interface ClientConnection {

    /** Sends a stanza to the client. Never blocks; a connection whose peer does not read is closed instead. */
    void deliver(Stanza stanza);

    /** Sends a stream error and closes the stream. */
    void close(StreamError.Condition condition, String text);

    /** @return facts about the connection */
    ConnectionInfo info();

    /** @return milliseconds since the client last sent anything */
    long idleMillis();
}
