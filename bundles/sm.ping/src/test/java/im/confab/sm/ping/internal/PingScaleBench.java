package im.confab.sm.ping.internal;

import im.confab.api.jid.Jid;
import im.confab.api.router.Router;
import im.confab.api.session.BindException;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.ConnectionInfo;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.IqClient;
import im.confab.api.sm.Scheduler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StreamError;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What server pings cost with many sessions: a benchmark, not a test (no assertions; surefire does not run
 * {@code *Bench} classes). Run it with {@code bench/ping-scale.sh}; see docs/performance.md.
 *
 * <p>It drives the real {@link SessionPinger} on the server's real timer: {@code SharedTimer} (the Netty
 * {@code HashedWheelTimer}, 100 ms tick, 1024 slots) behind the real {@code BundleScheduler}, both from
 * bundles/sm. Those are internal to bundles/sm, which this module does not depend on, so they are created by
 * reflection, once; bundles/sm's classes and netty-common must be on the class path (the script sees to it).
 * With {@code --iq=tracker} the pings also go through the real {@code IqTracker} (which keeps a timeout on the
 * wheel per ping); with {@code --iq=fake} (the default) a fake IqClient answers them.
 *
 * <p>Simulated: sessions and connections (no sockets, no XML), the clients' traffic (a connection computes
 * {@code idleMillis()} from a chat period and the time of its last ping answer, so simulating traffic costs
 * nothing), and the clients' answers (after {@code --answer-delay-ms} on the same wheel, or at once if 0).
 *
 * <p>Arguments, all {@code --name=value}: sessions (100000), interval in s (10), duration of the measured window
 * in s (90), warmup in s after arming (= interval), idle-window in s with pings off (10), chatty fraction of
 * sessions that talk (0.5), chat-every in s (5), answer-delay-ms (200), ack-timeout in s (interval * 32 / 60,
 * production's ratio), iq (fake | tracker).
 */
public final class PingScaleBench {
    private static final long ORIGIN = System.nanoTime();
    private static final LongAdder CHECKS = new LongAdder(); // idleMillis() calls: one per check of a session
    private static final LongAdder PINGS = new LongAdder();
    private static final LongAdder ANSWERS = new LongAdder();
    private static final LongAdder TIMEOUTS = new LongAdder();

    private PingScaleBench() {
    }

    static long nowMillis() {
        return (System.nanoTime() - ORIGIN) / 1_000_000;
    }

    // ---------------------------------------------------------------------------------------------- arguments

    private static final class Args {
        int sessions = 100_000;
        long intervalMillis = 10_000;
        long durationMillis = 90_000;
        long warmupMillis = -1;
        long idleWindowMillis = 10_000;
        double chatty = 0.5;
        long chatEveryMillis = 5_000;
        long answerDelayMillis = 200;
        long ackTimeoutMillis = -1;
        String iq = "fake";

        static Args parse(String[] argv) {
            Args a = new Args();
            for (String arg : argv) {
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("expected --name=value, got " + arg);
                }
                String name = arg.substring(2, eq);
                String v = arg.substring(eq + 1);
                switch (name) {
                    case "sessions" -> a.sessions = Integer.parseInt(v.replace("_", ""));
                    case "interval" -> a.intervalMillis = seconds(v);
                    case "duration" -> a.durationMillis = seconds(v);
                    case "warmup" -> a.warmupMillis = seconds(v);
                    case "idle-window" -> a.idleWindowMillis = seconds(v);
                    case "chatty" -> a.chatty = Double.parseDouble(v);
                    case "chat-every" -> a.chatEveryMillis = seconds(v);
                    case "answer-delay-ms" -> a.answerDelayMillis = Long.parseLong(v);
                    case "ack-timeout" -> a.ackTimeoutMillis = seconds(v);
                    case "iq" -> a.iq = v;
                    default -> throw new IllegalArgumentException("unknown argument --" + name);
                }
            }
            if (a.warmupMillis < 0) {
                a.warmupMillis = a.intervalMillis;
            }
            if (a.ackTimeoutMillis < 0) {
                a.ackTimeoutMillis = Math.max(1000, a.intervalMillis * 32 / 60);
            }
            if (!a.iq.equals("fake") && !a.iq.equals("tracker")) {
                throw new IllegalArgumentException("--iq must be fake or tracker");
            }
            if (a.sessions < 1 || a.intervalMillis < 1 || a.durationMillis < 1 || a.chatty < 0 || a.chatty > 1
                    || a.chatEveryMillis < 1) {
                throw new IllegalArgumentException("bad arguments");
            }
            return a;
        }

        private static long seconds(String v) {
            return Math.round(Double.parseDouble(v) * 1000);
        }
    }

    // ------------------------------------------------------------------------------------- simulated clients

    /** A connection whose idleness follows a pattern: it chats every chatEvery ms (if > 0) and answers pings. */
    private static final class SimConnection implements ClientConnection {
        private final int chatEveryMillis; // 0: never sends anything but ping answers
        private final int chatPhaseMillis;
        private volatile long lastHeardMillis;

        SimConnection(int chatEveryMillis, int chatPhaseMillis) {
            this.chatEveryMillis = chatEveryMillis;
            this.chatPhaseMillis = chatPhaseMillis;
        }

        void heard(long atMillis) {
            lastHeardMillis = atMillis;
        }

        @Override
        public long idleMillis() {
            CHECKS.increment();
            long now = nowMillis();
            long idle = now - lastHeardMillis;
            if (chatEveryMillis > 0) {
                idle = Math.min(idle, Math.floorMod(now - chatPhaseMillis, (long) chatEveryMillis));
            }
            return idle;
        }

        @Override
        public void deliver(Stanza stanza) {
        }

        @Override
        public void close(StreamError.Condition condition, String text) {
        }

        @Override
        public ConnectionInfo info() {
            return new ConnectionInfo("sim", "127.0.0.1:1", null, null);
        }
    }

    private static final class SimSession implements ClientSession {
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

        final Jid jid;
        final SimConnection connection;

        SimSession(Jid jid, SimConnection connection) {
            this.jid = jid;
            this.connection = connection;
        }

        @Override
        public Jid jid() {
            return jid;
        }

        @Override
        public SimConnection connection() {
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

    /** Read-only after setup; sessions(account) copies like SessionManagerImpl ({@code List.of(array)}). */
    private static final class SimSessionManager implements SessionManager {
        final SimSession[] all;
        final Map<Jid, ClientSession[]> byBare = new HashMap<>();
        final Map<Jid, SimConnection> byFull = new HashMap<>();

        SimSessionManager(SimSession[] all) {
            this.all = all;
            for (SimSession s : all) {
                byBare.put(s.jid.bare(), new ClientSession[] {s});
                byFull.put(s.jid, s.connection);
            }
        }

        @Override
        public boolean servesDomain(String domain) {
            return true;
        }

        @Override
        public ClientSession open(ClientConnection connection, Jid account, String resource) throws BindException {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ClientSession> sessions() {
            return List.of(all);
        }

        @Override
        public List<ClientSession> sessions(Jid account) {
            ClientSession[] a = byBare.get(account.bare());
            return a == null ? List.of() : List.of(a);
        }
    }

    /** The client side of a ping: the client answers after a delay (on the wheel), or at once. */
    private static final class Clients {
        final SimSessionManager sm;
        final Scheduler wheel; // the simulated clients' own BundleScheduler on the shared wheel
        final long delayMillis;

        Clients(SimSessionManager sm, Scheduler wheel, long delayMillis) {
            this.sm = sm;
            this.wheel = wheel;
            this.delayMillis = delayMillis;
        }

        void ping(Stanza iq, java.util.function.Consumer<Stanza> answer) {
            PINGS.increment();
            SimConnection c = sm.byFull.get(iq.to());
            Runnable r = () -> {
                c.heard(nowMillis()); // the answer is traffic from the client
                ANSWERS.increment();
                answer.accept(iq.resultReply());
            };
            if (delayMillis <= 0) {
                r.run();
            } else {
                wheel.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** --iq=fake: completes the request's future when the client answers; never times out. */
    private static final class FakeIq implements IqClient {
        private final Clients clients;

        FakeIq(Clients clients) {
            this.clients = clients;
        }

        @Override
        public CompletionStage<Stanza> request(Stanza iq, long timeout, TimeUnit unit) {
            CompletableFuture<Stanza> f = new CompletableFuture<>();
            clients.ping(iq, f::complete);
            return f;
        }
    }

    /** --iq=tracker: the router the real IqTracker sends through; answers come back via IqTracker.complete. */
    private static final class ClientRouter implements Router {
        private final Clients clients;
        volatile MethodHandle complete; // (Stanza)boolean, bound to the tracker

        ClientRouter(Clients clients) {
            this.clients = clients;
        }

        @Override
        public void route(Stanza stanza) {
            clients.ping(stanza, answer -> {
                try {
                    boolean matched = (boolean) complete.invokeExact(answer);
                    if (!matched) {
                        throw new IllegalStateException("answer matched no request: " + answer);
                    }
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
        }
    }

    // ------------------------------------------------------------------------------- the server's own parts

    /** SharedTimer, BundleScheduler and IqTracker from bundles/sm (package im.confab.sm.internal). */
    private static final class ServerParts {
        final Object sharedTimer;
        final Scheduler pluginScheduler;
        final Scheduler clientScheduler;
        Object tracker;

        ServerParts() throws ReflectiveOperationException {
            Class<?> st = load("SharedTimer");
            Class<?> bs = load("BundleScheduler");
            sharedTimer = st.getConstructor().newInstance();
            pluginScheduler = (Scheduler) bs.getConstructor(st).newInstance(sharedTimer);
            clientScheduler = (Scheduler) bs.getConstructor(st).newInstance(sharedTimer);
        }

        IqClient tracker(ClientRouter router) throws ReflectiveOperationException {
            Class<?> it = load("IqTracker");
            tracker = it.getConstructor(Router.class, load("SharedTimer")).newInstance(router, sharedTimer);
            Method complete = it.getDeclaredMethod("complete", Stanza.class);
            complete.setAccessible(true);
            router.complete = MethodHandles.lookup().unreflect(complete).bindTo(tracker)
                    .asType(MethodType.methodType(boolean.class, Stanza.class));
            return (IqClient) tracker;
        }

        int wheelPending() {
            return intCall(sharedTimer, "pending");
        }

        int pluginPending() {
            return intCall(pluginScheduler, "pending");
        }

        int clientPending() {
            return intCall(clientScheduler, "pending");
        }

        int trackerPending() {
            return tracker == null ? -1 : intCall(tracker, "pending");
        }

        void stop() {
            try {
                Method m = sharedTimer.getClass().getDeclaredMethod("deactivate");
                m.setAccessible(true);
                m.invoke(sharedTimer);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Class<?> load(String simpleName) throws ClassNotFoundException {
            try {
                return Class.forName("im.confab.sm.internal." + simpleName);
            } catch (ClassNotFoundException e) {
                throw new ClassNotFoundException("bundles/sm classes (and netty-common) must be on the class path;"
                        + " run bench/ping-scale.sh", e);
            }
        }

        private static int intCall(Object target, String method) {
            try {
                Method m = target.getClass().getDeclaredMethod(method);
                m.setAccessible(true);
                return (int) m.invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ measurement

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Heap after full GCs: MemoryMXBean's used, and the heap pools' usage as recorded right after the last GC. */
    private record Heap(long used, long afterGc) {
    }

    private static Heap heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long afterGc = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                afterGc += p.getCollectionUsage().getUsed();
            }
        }
        return new Heap(used, afterGc);
    }

    /** Collection counts and times per collector (G1's concurrent bean reports concurrent cycle time). */
    private static Map<String, long[]> gcNow() {
        Map<String, long[]> m = new java.util.LinkedHashMap<>();
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            m.put(b.getName(), new long[] {Math.max(0, b.getCollectionCount()), Math.max(0, b.getCollectionTime())});
        }
        return m;
    }

    private static String gcDelta(Map<String, long[]> before, Map<String, long[]> after) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long count = e.getValue()[0] - b[0];
            if (count > 0) {
                sb.append(sb.length() == 0 ? "" : "; ").append(e.getKey()).append(": ").append(count)
                        .append(" in ").append(e.getValue()[1] - b[1]).append(" ms");
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+, this compiles for 17
    private static long id(Thread t) {
        return t.getId();
    }

    // ----------------------------------------------------------------------------------------------- the run

    public static void main(String[] argv) throws Throwable {
        Args a = Args.parse(argv);
        int n = a.sessions;
        System.out.printf(Locale.ROOT, "PingScaleBench: %,d sessions, interval %.1f s, ack timeout %.1f s, "
                + "%.0f%% chatting every %.1f s, answers after %d ms, iq=%s, warmup %.0f s, window %.0f s%n",
                n, a.intervalMillis / 1e3, a.ackTimeoutMillis / 1e3, a.chatty * 100, a.chatEveryMillis / 1e3,
                a.answerDelayMillis, a.iq, a.warmupMillis / 1e3, a.durationMillis / 1e3);
        System.out.printf(Locale.ROOT, "JVM: %s %s (%s), %d CPUs, max heap %d MiB, GCs %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());

        Set<Long> threadsBefore = new HashSet<>();
        for (long tid : THREADS.getAllThreadIds()) {
            threadsBefore.add(tid);
        }
        long startedBefore = THREADS.getTotalStartedThreadCount();

        // The server side that exists with pings off too: timer, schedulers, iq client, sessions.
        ServerParts server = new ServerParts();
        Random rnd = new Random(42);
        int chatty = (int) Math.round(n * a.chatty);
        SimSession[] sessions = new SimSession[n];
        for (int i = 0; i < n; i++) {
            boolean chats = i < chatty;
            SimConnection c = new SimConnection(chats ? (int) a.chatEveryMillis : 0,
                    chats ? rnd.nextInt((int) a.chatEveryMillis) : 0);
            sessions[i] = new SimSession(Jid.parse("user" + i + "@bench.example/res"), c);
        }
        SimSessionManager sm = new SimSessionManager(sessions);
        Clients clients = new Clients(sm, server.clientScheduler, a.answerDelayMillis);
        IqClient iq = a.iq.equals("tracker") ? server.tracker(new ClientRouter(clients)) : new FakeIq(clients);
        SessionPinger pinger = new SessionPinger(server.pluginScheduler, iq, sm, (s, killed) -> TIMEOUTS.increment());

        Heap h0 = heapAfterGc();
        System.out.printf(Locale.ROOT, "baseline (sessions, pings off): heap used %.1f MiB%n", h0.used / 1048576.0);

        // JVM background with pings off, for comparison.
        long idleCpu0 = OS.getProcessCpuTime();
        long idleT0 = System.nanoTime();
        Thread.sleep(a.idleWindowMillis);
        double idleCpuSec = (OS.getProcessCpuTime() - idleCpu0) / 1e9;
        double idleWallSec = (System.nanoTime() - idleT0) / 1e9;

        // Arm with an interval of an hour, so that nothing is due while the armed heap is measured: what every
        // session costs while it waits for its check, with no ping in flight.
        long armT0 = System.nanoTime();
        pinger.update(new SessionPinger.Settings(true, TimeUnit.HOURS.toMillis(1), a.ackTimeoutMillis, false));
        double armMs = (System.nanoTime() - armT0) / 1e6;
        Thread.sleep(1000); // lets the wheel thread move the new timeouts into its buckets
        int armedPlugin = server.pluginPending();
        int armedWheel = server.wheelPending();
        Heap h1 = heapAfterGc();
        System.out.printf(Locale.ROOT, "armed in %.0f ms: %,d watched, plugin tasks %,d, wheel %,d; heap used "
                + "%.1f MiB%n", armMs, pinger.watched(), armedPlugin, armedWheel, h1.used / 1048576.0);

        // Now the configured interval (a configuration change: every waiting check is re-planned). Every client
        // last spoke at a random moment of the past interval, so checks spread as in a server whose clients
        // did not all connect at once.
        long now = nowMillis();
        for (SimSession s : sessions) {
            s.connection.heard(now - (long) (rnd.nextDouble() * a.intervalMillis));
        }
        long replanT0 = System.nanoTime();
        pinger.update(new SessionPinger.Settings(true, a.intervalMillis, a.ackTimeoutMillis, false));
        System.out.printf(Locale.ROOT, "re-planned for the interval in %.0f ms%n",
                (System.nanoTime() - replanT0) / 1e6);

        Thread timer = findThread("confab-timer");
        if (timer == null) {
            throw new IllegalStateException("no confab-timer thread");
        }
        Thread.sleep(a.warmupMillis);

        // The measured window.
        Map<String, long[]> gc0 = gcNow();
        long cpu0 = OS.getProcessCpuTime();
        long tcpu0 = THREADS.getThreadCpuTime(id(timer));
        long talloc0 = THREADS.getThreadAllocatedBytes(id(timer));
        long checks0 = CHECKS.sum();
        long pings0 = PINGS.sum();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.MILLISECONDS.toNanos(a.durationMillis);
        int minArmed = Integer.MAX_VALUE;
        int maxArmed = Integer.MIN_VALUE;
        int minWheel = Integer.MAX_VALUE;
        int maxWheel = Integer.MIN_VALUE;
        int maxPlugin = 0;
        int minPlugin = Integer.MAX_VALUE;
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
            int plugin = server.pluginPending();
            long inFlight = a.iq.equals("tracker") ? server.trackerPending() : PINGS.sum() - ANSWERS.sum();
            int wheel = server.wheelPending();
            minPlugin = Math.min(minPlugin, plugin);
            maxPlugin = Math.max(maxPlugin, plugin);
            minArmed = (int) Math.min(minArmed, plugin + inFlight);
            maxArmed = (int) Math.max(maxArmed, plugin + inFlight);
            minWheel = Math.min(minWheel, wheel);
            maxWheel = Math.max(maxWheel, wheel);
        }
        double wallSec = (System.nanoTime() - t0) / 1e9;
        double cpuSec = (OS.getProcessCpuTime() - cpu0) / 1e9;
        double timerCpuSec = (THREADS.getThreadCpuTime(id(timer)) - tcpu0) / 1e9;
        long timerAlloc = THREADS.getThreadAllocatedBytes(id(timer)) - talloc0;
        long checks = CHECKS.sum() - checks0;
        long pings = PINGS.sum() - pings0;
        Map<String, long[]> gc1 = gcNow();
        int endPlugin = server.pluginPending();
        int endWheel = server.wheelPending();
        int endClient = server.clientPending();
        int endTracker = server.trackerPending();

        Heap h2 = heapAfterGc();

        List<String> newThreads = new ArrayList<>();
        for (long tid : THREADS.getAllThreadIds()) {
            if (!threadsBefore.contains(tid)) {
                ThreadInfo ti = THREADS.getThreadInfo(tid);
                if (ti != null) {
                    newThreads.add(ti.getThreadName());
                }
            }
        }
        long started = THREADS.getTotalStartedThreadCount() - startedBefore;

        double perMin = 60 / wallSec;
        double scale = 100_000.0 / n;
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        row("sessions watched (N)", "%,d", pinger.watched());
        row("measured window", "%.1f s wall (after %.0f s warmup)", wallSec, a.warmupMillis / 1e3);
        row("retained heap, armed, nothing due yet", "%.1f MiB total, %.0f B/session "
                + "(after-GC pools: %.0f B/session)", (h1.used - h0.used) / 1048576.0,
                (h1.used - h0.used) / (double) n, (h1.afterGc - h0.afterGc) / (double) n);
        row("retained heap, steady (end of window)", "%.1f MiB total, %.0f B/session "
                + "(after-GC pools: %.0f B/session)", (h2.used - h0.used) / 1048576.0,
                (h2.used - h0.used) / (double) n, (h2.afterGc - h0.afterGc) / (double) n);
        row("pings sent in window", "%,d (%,.0f/min)", pings, pings * perMin);
        row("checks in window (idleMillis calls)", "%,d (%,.0f/min)", checks, checks * perMin);
        row("process CPU in window", "%.2f s = %.1f%% of one core", cpuSec, 100 * cpuSec / wallSec);
        row("process CPU per minute per 100,000 sessions", "%.2f CPU-s", cpuSec * perMin * scale);
        row("process CPU per 1,000 pings sent", "%.1f CPU-ms", pings == 0 ? Double.NaN : 1e6 * cpuSec / pings);
        row("timer thread CPU in window", "%.2f s = %.1f%% of one core; %.1f CPU-ms per 1,000 pings",
                timerCpuSec, 100 * timerCpuSec / wallSec, pings == 0 ? Double.NaN : 1e6 * timerCpuSec / pings);
        row("timer thread allocation", "%.1f MiB/s = %.0f B per check = %.0f B per ping sent",
                timerAlloc / wallSec / 1048576.0, checks == 0 ? Double.NaN : timerAlloc / (double) checks,
                pings == 0 ? Double.NaN : timerAlloc / (double) pings);
        row("GC in window", "%s", gcDelta(gc0, gc1));
        row("process CPU with pings off (idle window)", "%.2f%% of one core (%.3f s in %.1f s)",
                100 * idleCpuSec / idleWallSec, idleCpuSec, idleWallSec);
        row("ping plugin's pending tasks (end / min-max in window)", "%,d / %,d-%,d", endPlugin, minPlugin,
                maxPlugin);
        row("plugin tasks + pings in flight (min-max in window)", "%,d-%,d (should be N; the two are read one "
                + "after the other while the wheel runs)", minArmed, maxArmed);
        row("all pending on the wheel (end / min-max)", "%,d / %,d-%,d (plugin %,d, simulated answers %,d%s)",
                endWheel, minWheel, maxWheel, endPlugin, endClient,
                endTracker < 0 ? "" : String.format(Locale.ROOT, ", IqTracker in flight %,d; the rest are "
                        + "IqTracker timeouts of answered pings", endTracker));
        row("ping timeouts", "%,d", TIMEOUTS.sum());
        row("threads started during the run", "%d %s", started, newThreads);
        System.out.println();

        pinger.shutdown();
        server.stop();
        Reference.reachabilityFence(sessions);
    }

    private static void row(String what, String format, Object... args) {
        System.out.println("| " + what + " | " + String.format(Locale.ROOT, format, args) + " |");
    }
}
