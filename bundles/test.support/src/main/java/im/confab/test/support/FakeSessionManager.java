package im.confab.test.support;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionManager;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SessionManager} holding the sessions a test says are bound, in {@link #sessions}. It binds nothing
 * itself: {@link #open} throws. Like the real one, {@link #sessions(Jid)} matches on the bare JID.
 */
public class FakeSessionManager implements SessionManager {
    /** The bound sessions, in the order a test added them. */
    public final List<ClientSession> sessions = new ArrayList<>();
    private final String domain;

    /** A session manager that serves every domain. */
    public FakeSessionManager() {
        this.domain = null;
    }

    /** @param domain the only domain this session manager serves */
    public FakeSessionManager(String domain) {
        this.domain = domain;
    }

    @Override
    public boolean servesDomain(String d) {
        return domain == null || domain.equals(d);
    }

    @Override
    public ClientSession open(ClientConnection connection, Jid account, String resource) {
        throw new UnsupportedOperationException("FakeSessionManager binds nothing; add to sessions instead");
    }

    @Override
    public List<ClientSession> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public List<ClientSession> sessions(Jid account) {
        return sessions.stream().filter(s -> s.jid().bare().equals(account.bare())).toList();
    }
}
