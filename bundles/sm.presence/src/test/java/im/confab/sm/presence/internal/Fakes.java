package im.confab.sm.presence.internal;

import im.confab.api.auth.AccountStore;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import im.confab.api.jid.Jid;
import im.confab.api.router.Router;
import im.confab.api.session.BindException;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Scheduler;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore;
import im.confab.api.store.StoreException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** In-memory doubles of the services the presence plugin uses. */
final class Fakes {
    private Fakes() {
    }

    /** A roster store in memory whose version counts changes per user, as a real one may. */
    static final class MemoryRosterStore implements RosterStore {
        final Map<String, Map<Jid, Item>> items = new HashMap<>();
        final Map<String, Long> versions = new HashMap<>();
        boolean broken;

        private Map<Jid, Item> of(String user) {
            check();
            return items.computeIfAbsent(user, u -> new LinkedHashMap<>());
        }

        private void check() {
            if (broken) {
                throw new StoreException("disk on fire", null);
            }
        }

        @Override
        public Roster roster(String user) {
            return new Roster(versions.getOrDefault(user, 0L), List.copyOf(of(user).values()));
        }

        @Override
        public Optional<Item> item(String user, Jid contact) {
            return Optional.ofNullable(of(user).get(contact));
        }

        @Override
        public long put(String user, Item item) {
            of(user).put(item.jid(), item);
            return versions.merge(user, 1L, Long::sum);
        }

        @Override
        public long remove(String user, Jid contact) {
            if (of(user).remove(contact) == null) {
                return versions.getOrDefault(user, 0L);
            }
            return versions.merge(user, 1L, Long::sum);
        }

        @Override
        public int size(String user) {
            return of(user).size();
        }

        @Override
        public void deleteUser(String user) {
            items.remove(user);
        }
    }

    static final class FakeSession implements ClientSession {
        private final Jid jid;
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        boolean available;

        FakeSession(String jid, boolean available) {
            this.jid = Jid.parse(jid);
            this.available = available;
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
            return 0;
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
            return "example.com".equals(domain);
        }

        @Override
        public ClientSession open(ClientConnection connection, Jid account, String resource) throws BindException {
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

    /** Keeps what a handler sends. */
    static final class RecordingContext implements StanzaContext {
        final List<Stanza> sent = new ArrayList<>();
        private final ClientSession origin;

        private final Direction direction;

        RecordingContext(ClientSession origin) {
            this(origin, Direction.TO_LOCAL);
        }

        RecordingContext(ClientSession origin, Direction direction) {
            this.origin = origin;
            this.direction = direction;
        }

        @Override
        public void send(Stanza stanza) {
            sent.add(stanza);
        }

        @Override
        public ClientSession origin() {
            return origin;
        }

        @Override
        public Direction direction() {
            return direction;
        }

        /** @return everything sent, serialized, one per line */
        String xml() {
            StringBuilder sb = new StringBuilder();
            for (Stanza s : sent) {
                sb.append(s.toXml()).append('\n');
            }
            return sb.toString();
        }
    }

    /** A scheduler that runs what is due only when told. */
    static final class FakeScheduler implements Scheduler {
        final List<Runnable> pending = new ArrayList<>();

        @Override
        public Task schedule(Runnable task, long delay, TimeUnit unit) {
            pending.add(task);
            return () -> pending.remove(task);
        }

        void runAll() {
            List<Runnable> due = List.copyOf(pending);
            pending.clear();
            due.forEach(Runnable::run);
        }
    }

    /** Keeps what is routed. */
    static final class RecordingRouter implements Router {
        final List<Stanza> routed = new ArrayList<>();

        @Override
        public void route(Stanza stanza) {
            routed.add(stanza);
        }
    }

    /** Knows a fixed set of usernames. */
    static final class FakeAccounts implements AccountStore {
        final Set<String> users = new HashSet<>();

        FakeAccounts(String... users) {
            this.users.addAll(List.of(users));
        }

        @Override
        public boolean create(String username, String password) {
            return users.add(username);
        }

        @Override
        public boolean changePassword(String username, String password) {
            return users.contains(username);
        }

        @Override
        public boolean delete(String username) {
            return users.remove(username);
        }

        @Override
        public boolean exists(String username) {
            return users.contains(username);
        }

        @Override
        public Optional<ScramCredentials> credentials(String username, ScramAlgorithm algorithm) {
            return Optional.empty();
        }

        @Override
        public List<String> usernames() {
            return users.stream().sorted().toList();
        }
    }
}
