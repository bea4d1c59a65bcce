package im.confab.api.session;

import java.time.Instant;

/**
 * What an administrator wants to know of a client connection.
 *
 * @param transport the kind of connection, e.g. {@code c2s}
 * @param remoteAddress the peer's address and port
 * @param tlsProtocol the TLS protocol in use, or null for none
 * @param connectedAt when the connection was accepted
 */
public record ConnectionInfo(String transport, String remoteAddress, String tlsProtocol, Instant connectedAt) {
}
