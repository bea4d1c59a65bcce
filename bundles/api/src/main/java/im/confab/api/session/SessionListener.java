package im.confab.api.session;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when sessions start and end (whiteboard: register a service). Called on the thread that bound or
 * ended the session; must be cheap and never block.
 */
@ConsumerType
public interface SessionListener {

    /** A resource was bound. */
    default void sessionOpened(ClientSession session) {
    }

    /** A session ended (stream closed, connection lost, replaced or killed). */
    default void sessionClosed(ClientSession session) {
    }

    /**
     * The client did not answer a server ping in time (ejabberd's {@code user_ping_timeout} hook), published by
     * the ping plugin.
     *
     * @param killed true if the session is being closed because of it ({@code timeout.action = kill})
     */
    default void pingTimedOut(ClientSession session, boolean killed) {
    }
}
