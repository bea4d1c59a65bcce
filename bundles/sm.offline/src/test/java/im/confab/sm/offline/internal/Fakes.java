package im.confab.sm.offline.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.OfflineStore;
import im.confab.api.store.StoreException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In-memory doubles of the session manager and the offline store; nothing here starts a thread. */
final class Fakes {
    private Fakes() {
    }

    /** A session whose presence state a test sets. */
    static final class FakeSession implements ClientSession {
        private final Jid jid;
        private final Map<String, Object> attributes = new HashMap<>();
        boolean available;
        int priority;

        FakeSession(String jid) {
            this.jid = Jid.parse(jid);
        }

        FakeSession available(int p) {
            available = true;
            priority = p;
            return this;
        }

        @Override
        public Jid jid() {
            return jid;
        }

        @Override
        public ClientConnection connection() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void receive(Stanza fromClient) {
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

    static final class FakeSessionManager implements SessionManager {
        final List<ClientSession> sessions = new ArrayList<>();

        @Override
        public boolean servesDomain(String domain) {
            return "capulet.lit".equals(domain);
        }

        @Override
        public ClientSession open(ClientConnection connection, Jid account, String resource) {
            throw new UnsupportedOperationException();
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

    /** Records what a plugin sends; the origin is the session a stanza came from, if any. */
    static final class RecordingContext implements StanzaContext {
        final List<Stanza> sent = new ArrayList<>();
        final ClientSession origin;
        final Direction direction;
        RuntimeException failOnSend;
        int failAfter = Integer.MAX_VALUE;
        Runnable afterSend = () -> { };

        RecordingContext(ClientSession origin, Direction direction) {
            this.origin = origin;
            this.direction = direction;
        }

        @Override
        public void send(Stanza stanza) {
            if (failOnSend != null && sent.size() >= failAfter) {
                throw failOnSend;
            }
            sent.add(stanza);
            afterSend.run();
        }

        @Override
        public ClientSession origin() {
            return origin;
        }

        @Override
        public Direction direction() {
            return direction;
        }
    }

    /** Keeps messages per user in id order, as a durable store would; counts the calls. */
    static final class MemoryOfflineStore implements OfflineStore {
        final Map<String, LinkedHashMap<Long, Stored>> users = new HashMap<>();
        private long nextId = 1;
        int peeks;
        int stores;
        StoreException failStore;
        StoreException failDelete;
        boolean ignoreDeletes;
        Runnable duringPeek = () -> { };

        @Override
        public boolean store(String user, Stanza message, Instant stamp, int quota) {
            stores++;
            if (failStore != null) {
                throw failStore;
            }
            LinkedHashMap<Long, Stored> m = users.computeIfAbsent(user, u -> new LinkedHashMap<>());
            if (m.size() >= quota) {
                return false;
            }
            long id = nextId++;
            m.put(id, new Stored(id, stamp, message));
            return true;
        }

        @Override
        public List<Stored> peek(String user, int max) {
            peeks++;
            duringPeek.run();
            return users.getOrDefault(user, new LinkedHashMap<>()).values().stream().limit(max).toList();
        }

        @Override
        public void delete(String user, List<Long> ids) {
            if (failDelete != null) {
                throw failDelete;
            }
            if (!ignoreDeletes && users.containsKey(user)) {
                ids.forEach(users.get(user)::remove);
            }
        }

        @Override
        public int count(String user) {
            return users.getOrDefault(user, new LinkedHashMap<>()).size();
        }

        @Override
        public void deleteUser(String user) {
            users.remove(user);
        }

        List<Stanza> messages(String user) {
            return users.getOrDefault(user, new LinkedHashMap<>()).values().stream().map(Stored::message).toList();
        }
    }
}
