package im.confab.sm.blocking.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.ConnectionInfo;
import im.confab.api.session.SessionAttribute;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StreamError;
import im.confab.api.store.BlockingStore;
import im.confab.api.store.RosterStore;
import im.confab.api.store.StoreException;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** In-memory doubles of the session manager and the stores; nothing here starts a thread. */
final class Fakes {
    private Fakes() {
    }

    /** A connection that keeps what is written to it. */
    static final class FakeConnection implements ClientConnection {
        final List<Stanza> delivered = new ArrayList<>();

        @Override
        public void deliver(Stanza stanza) {
            delivered.add(stanza);
        }

        @Override
        public void close(StreamError.Condition condition, String text) {
        }

        @Override
        public ConnectionInfo info() {
            return new ConnectionInfo("test", "127.0.0.1:1", null, null);
        }

        @Override
        public long idleMillis() {
            return 0;
        }
    }

    static final class FakeSession implements ClientSession {
        private final Jid jid;
        private final Map<String, Object> attributes = new HashMap<>();
        final FakeConnection connection = new FakeConnection();
        boolean available;

        FakeSession(String jid) {
            this.jid = Jid.parse(jid);
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

    static final class RecordingContext implements StanzaContext {
        final List<Stanza> sent = new ArrayList<>();
        final ClientSession origin;
        final Direction direction;

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

        List<String> xml() {
            return sent.stream().map(Stanza::toXml).toList();
        }
    }

    /** Blocklists in memory; counts reads, and can run something in the middle of one (races). */
    static final class MemoryBlockingStore implements BlockingStore {
        final Map<String, Set<Jid>> lists = new HashMap<>();
        int reads;
        Runnable duringRead = () -> { };
        StoreException fail;

        @Override
        public Set<Jid> blocked(String user) {
            reads++;
            if (fail != null) {
                throw fail;
            }
            Set<Jid> copy = Set.copyOf(lists.getOrDefault(user, Set.of()));
            Runnable r = duringRead;
            duringRead = () -> { };
            r.run();
            return copy;
        }

        @Override
        public void block(String user, Collection<Jid> jids) {
            lists.computeIfAbsent(user, u -> new LinkedHashSet<>()).addAll(jids);
        }

        @Override
        public void unblock(String user, Collection<Jid> jids) {
            if (jids.isEmpty()) {
                lists.remove(user);
            } else if (lists.containsKey(user)) {
                lists.get(user).removeAll(jids);
            }
        }

        @Override
        public void deleteUser(String user) {
            lists.remove(user);
        }

        void put(String user, String... jids) {
            for (String j : jids) {
                lists.computeIfAbsent(user, u -> new LinkedHashSet<>()).add(Jid.parse(j));
            }
        }
    }

    /** A roster with only what the blocking plugin reads: items and their subscription. */
    static final class MemoryRosterStore implements RosterStore {
        final Map<String, List<Item>> rosters = new HashMap<>();

        void add(String user, String contact, Subscription s) {
            rosters.computeIfAbsent(user, u -> new ArrayList<>())
                    .add(new Item(Jid.parse(contact), null, s, false, false, false, List.of()));
        }

        @Override
        public Roster roster(String user) {
            return new Roster(1, rosters.getOrDefault(user, List.of()));
        }

        @Override
        public Optional<Item> item(String user, Jid contact) {
            return roster(user).items().stream().filter(i -> i.jid().equals(contact)).findFirst();
        }

        @Override
        public long put(String user, Item item) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long remove(String user, Jid contact) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int size(String user) {
            return roster(user).items().size();
        }

        @Override
        public void deleteUser(String user) {
            rosters.remove(user);
        }
    }

    /** A configuration as SCR would build it from conf/xmpp.sm.blocking.cfg. */
    static BlockingCore.Config config(int maxItems, int cacheMaxUsers, boolean messageError) {
        return new BlockingCore.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BlockingCore.Config.class;
            }

            @Override
            public int max_items() {
                return maxItems;
            }

            @Override
            public int cache_max_users() {
                return cacheMaxUsers;
            }

            @Override
            public boolean message_error() {
                return messageError;
            }
        };
    }
}
