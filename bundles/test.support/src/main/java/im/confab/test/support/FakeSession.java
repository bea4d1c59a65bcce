package im.confab.test.support;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.stanza.Stanza;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bound {@link ClientSession} whose presence state a test sets: {@link #available} and {@link #priority} are
 * what a real session takes from the client's last initial presence. It has a {@link FakeConnection}, keeps its
 * attributes in a map and records what its client "sent" through {@link #receive}. Ending it does nothing.
 */
public class FakeSession implements ClientSession {
    private final Jid jid;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    /** The connection the session is bound on. */
    public final FakeConnection connection = new FakeConnection();
    /** What {@link #receive} was given, oldest first. */
    public final List<Stanza> received = new ArrayList<>();
    /** Whether the client has sent initial presence (and not unavailable since). */
    public boolean available;
    /** The priority of the client's last available presence. */
    public int priority;

    /**
     * An unavailable session of priority 0.
     *
     * @param jid the full JID the session is bound to
     */
    public FakeSession(String jid) {
        this(jid, false);
    }

    /**
     * A session of priority 0.
     *
     * @param jid       the full JID the session is bound to
     * @param available whether it has sent initial presence
     */
    public FakeSession(String jid, boolean available) {
        this.jid = Jid.parse(jid);
        this.available = available;
    }

    /**
     * Makes the session available with a priority.
     *
     * @param priority the priority of its presence
     * @return this session
     */
    public FakeSession available(int priority) {
        this.available = true;
        this.priority = priority;
        return this;
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public FakeConnection connection() {
        return connection;
    }

    @Override
    public void receive(Stanza fromClient) {
        received.add(fromClient);
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public <T> T attribute(SessionAttribute<T> key) {
        return key.type().cast(attributes.get(key.name()));
    }

    @Override
    public <T> void attribute(SessionAttribute<T> key, T value) {
        if (value == null) {
            attributes.remove(key.name());
        } else {
            attributes.put(key.name(), value);
        }
    }

    @Override
    public void end() {
    }

    @Override
    public String toString() {
        return jid.toString();
    }
}
