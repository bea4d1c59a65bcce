package im.confab.sm.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.stanza.Stanza;

/** A bound resource of a local account, with the presence state routing needs (RFC 6121 section 8). */
final class LocalSession implements ClientSession {
    private final Jid jid;
    private final ClientConnection connection;
    private final SessionManagerImpl manager;
    private final long boundAt = System.currentTimeMillis();
    private volatile boolean available;
    private volatile int priority;
    private volatile boolean ended;
    private final java.util.concurrent.ConcurrentHashMap<String, Object> attributes =
            new java.util.concurrent.ConcurrentHashMap<>(4);

    LocalSession(Jid jid, ClientConnection connection, SessionManagerImpl manager) {
        this.jid = jid;
        this.connection = connection;
        this.manager = manager;
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public ClientConnection connection() {
        return connection;
    }

    @Override
    public void receive(Stanza fromClient) {
        if (!ended) {
            manager.fromClient(this, fromClient);
        }
    }

    @Override
    public <T> T attribute(im.confab.api.session.SessionAttribute<T> key) {
        return key.type().cast(attributes.get(key.name()));
    }

    @Override
    public <T> void attribute(im.confab.api.session.SessionAttribute<T> key, T value) {
        if (value == null) {
            attributes.remove(key.name());
        } else {
            attributes.put(key.name(), key.type().cast(value));
        }
    }

    @Override
    public void end() {
        if (!ended) {
            ended = true;
            manager.ended(this);
        }
    }

    boolean isEnded() {
        return ended;
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public int priority() {
        return priority;
    }

    long boundAt() {
        return boundAt;
    }

    void presence(boolean isAvailable, int newPriority) {
        this.priority = newPriority;
        this.available = isAvailable;
    }

    void deliver(Stanza stanza) {
        if (!ended) {
            manager.deliver(this, stanza);
        }
    }

    @Override
    public String toString() {
        return jid.toString();
    }
}
