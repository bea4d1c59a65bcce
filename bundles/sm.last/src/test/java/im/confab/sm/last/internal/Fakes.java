package im.confab.sm.last.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Scheduler;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.LastActivityStore;
import im.confab.api.store.StoreException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Test doubles: nothing here sleeps or starts a thread. */
final class Fakes {
    private Fakes() {
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Keeps tasks until the test runs them, as the timer thread would later; released, it refuses new ones. */
    static final class FakeScheduler implements Scheduler {
        final List<Runnable> tasks = new ArrayList<>();
        boolean released;

        @Override
        public Task schedule(Runnable task, long delay, TimeUnit unit) {
            if (released) {
                throw new IllegalStateException("scheduler released");
            }
            if (delay != 0) {
                throw new AssertionError("expected an immediate task, got a delay of " + delay + " " + unit);
            }
            tasks.add(task);
            return () -> tasks.remove(task);
        }

        void runAll() {
            List<Runnable> due = new ArrayList<>(tasks);
            tasks.clear();
            due.forEach(Runnable::run);
        }
    }

    static final class FakeSession implements ClientSession {
        private final Jid jid;
        private final Map<String, Object> attributes = new HashMap<>();
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
            throw new UnsupportedOperationException();
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

    /** Holds the sessions the test says are bound. */
    static final class FakeSessionManager implements SessionManager {
        final List<ClientSession> sessions = new ArrayList<>();

        @Override
        public boolean servesDomain(String domain) {
            return true;
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
            return sessions.stream().filter(s -> s.jid().bare().equals(account)).toList();
        }
    }

    /** A LastActivityStore in a map; {@link #failing} makes every call throw. */
    static final class FakeLastActivityStore implements LastActivityStore {
        final Map<String, Last> data = new HashMap<>();
        boolean failing;

        private void check() {
            if (failing) {
                throw new StoreException("database unreachable (expected in this test)", null);
            }
        }

        @Override
        public Optional<Last> last(String user) {
            check();
            return Optional.ofNullable(data.get(user));
        }

        @Override
        public void set(String user, Instant at, String status) {
            check();
            data.put(user, new Last(at, status));
        }

        @Override
        public void deleteUser(String user) {
            check();
            data.remove(user);
        }
    }

    /** Keeps what a plugin sends; origin and direction as the test sets them. */
    static final class RecordingContext implements StanzaContext {
        final List<Stanza> sent = new ArrayList<>();
        private final ClientSession origin;
        private final Direction direction;

        RecordingContext() {
            this(null, Direction.TO_LOCAL);
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

        /** @return the only stanza sent, serialized */
        String onlyXml() {
            if (sent.size() != 1) {
                throw new AssertionError("expected one stanza, got " + sent);
            }
            return sent.get(0).toXml();
        }
    }
}
