package im.confab.sm.ping.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.sm.IqClient;
import im.confab.api.sm.Scheduler;
import im.confab.api.stanza.Stanza;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Test doubles driven by one virtual clock: nothing here sleeps or starts a thread. */
final class Fakes {
    private Fakes() {
    }

    /** A scheduler on a virtual clock; {@link #advanceTo} runs due tasks in order. */
    static final class FakeScheduler implements Scheduler {
        private final PriorityQueue<FakeTask> queue = new PriorityQueue<>(
                (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
        private long now;
        private long seq;

        final class FakeTask implements Task {
            final long due;
            final long seq = FakeScheduler.this.seq++;
            final Runnable runnable;
            boolean cancelled;

            FakeTask(long due, Runnable runnable) {
                this.due = due;
                this.runnable = runnable;
            }

            @Override
            public boolean cancel() {
                boolean wasPending = queue.remove(this);
                cancelled = true;
                return wasPending;
            }
        }

        @Override
        public Task schedule(Runnable task, long delay, TimeUnit unit) {
            FakeTask t = new FakeTask(now + unit.toMillis(delay), task);
            queue.add(t);
            return t;
        }

        long now() {
            return now;
        }

        /** @return tasks scheduled, neither run nor cancelled */
        int pending() {
            return queue.size();
        }

        /** @return when the next task is due, or -1 */
        long nextDue() {
            FakeTask t = queue.peek();
            return t == null ? -1 : t.due;
        }

        void advanceTo(long time) {
            FakeTask t;
            while ((t = queue.peek()) != null && t.due <= time) {
                queue.poll();
                now = t.due;
                t.runnable.run();
            }
            now = time;
        }

        void advanceBy(long millis) {
            advanceTo(now + millis);
        }
    }

    /** A client connection whose idleness follows the virtual clock; it records deliveries and close. */
    static final class FakeConnection extends im.confab.test.support.FakeConnection {
        private final FakeScheduler clock;
        private long lastActivity;

        FakeConnection(FakeScheduler clock) {
            this.clock = clock;
            this.lastActivity = clock.now();
        }

        /** The client sent something now. */
        void clientSent() {
            lastActivity = clock.now();
        }

        @Override
        public long idleMillis() {
            return clock.now() - lastActivity;
        }
    }

    static final class FakeSession implements ClientSession {
        private final java.util.Map<String, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public <T> T attribute(im.confab.api.session.SessionAttribute<T> key) {
            return key.type().cast(attributes.get(key.name()));
        }

        @Override
        public <T> void attribute(im.confab.api.session.SessionAttribute<T> key, T value) {
            if (value == null) {
                attributes.remove(key.name());
            } else {
                attributes.put(key.name(), value);
            }
        }

        private final Jid jid;
        final FakeConnection connection;

        FakeSession(String jid, FakeScheduler clock) {
            this.jid = Jid.parse(jid);
            this.connection = new FakeConnection(clock);
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
            return true;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public void end() {
        }
    }

    /** Records requests; a test completes them as the client (or the IqClient's timeout) would. */
    static final class FakeIqClient implements IqClient {
        record Request(Stanza iq, long timeoutMillis, CompletableFuture<Stanza> answer) {
        }

        final List<Request> requests = new ArrayList<>();

        @Override
        public CompletionStage<Stanza> request(Stanza iq, long timeout, TimeUnit unit) {
            Request r = new Request(iq, unit.toMillis(timeout), new CompletableFuture<>());
            requests.add(r);
            return r.answer();
        }

        Request last() {
            return requests.get(requests.size() - 1);
        }
    }

    /** A configuration as SCR would build it from a {@code xmpp.sm.ping.cfg}. */
    static ServerPinger.Config config(boolean sendPings, int interval, int ackTimeout,
            ServerPinger.TimeoutAction action) {
        return new ServerPinger.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ServerPinger.Config.class;
            }

            @Override
            public boolean send_pings() {
                return sendPings;
            }

            @Override
            public int ping_interval() {
                return interval;
            }

            @Override
            public int ping_ack_timeout() {
                return ackTimeout;
            }

            @Override
            public ServerPinger.TimeoutAction timeout_action() {
                return action;
            }
        };
    }
}
