package im.confab.api.session;

import im.confab.api.jid.Jid;
import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/** The session manager as connection managers see it. */
@ProviderType
public interface SessionManager {

    /** @return true if this server hosts accounts of the domain */
    boolean servesDomain(String domain);

    /**
     * Binds a resource for an authenticated account (RFC 6120 7).
     *
     * @param connection the connection
     * @param account the bare JID that authenticated
     * @param requestedResource the resource the client asked for, or null to have one generated
     * @return the session, whose JID may carry another resource than requested
     * @throws BindException if binding is refused
     */
    ClientSession open(ClientConnection connection, Jid account, String requestedResource) throws BindException;

    /** @return all sessions, a snapshot */
    List<ClientSession> sessions();

    /** @return the sessions of one account, a snapshot */
    List<ClientSession> sessions(Jid account);
}
