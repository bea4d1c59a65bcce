package im.confab.sm.internal;

import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One plugin service as the session manager sees it: its stage, interest, ranking, the service object (fetched
 * on first use, not at bind time, to avoid activation cycles) and, for processors and postprocessors, its own
 * queues: {@code threads} single-thread executors, each bounded to {@code queueSize} stanzas, chosen by account so
 * that one account's stanzas keep their order. The session manager owns these threads; plugins own none.
 */
final class Slot implements Comparable<Slot> {
    enum Stage { PREPROCESSOR, PROCESSOR, POSTPROCESSOR, FILTER }

    final Stage stage;
    final long serviceId;
    final int ranking;
    final List<String> keys;
    final List<String> discoFeatures;
    final Bundle bundle;
    final String name;
    final XmlElement streamFeature;
    final boolean streamFeatureAuthenticated;
    final LongAdder handled = new LongAdder();
    final LongAdder rejected = new LongAdder();
    /** Called on the routing thread first; its queues take only what it defers. */
    final boolean inline;
    private final Supplier<Object> fetch;
    private final int queueSize;
    /** Calls of an inline plugin under way on routing threads; a swap waits for them like for its queues. */
    private final AtomicInteger inlineRunning = new AtomicInteger();
    private final ThreadPoolExecutor[] queues;
    private final AtomicInteger[] depth;
    private volatile Object service;
    /** Set when the plugin goes away: queued work still taken by a worker is re-dispatched, not run here. */
    private volatile boolean closed;

    Slot(Stage stage, ServiceReference<?> ref, Supplier<Object> fetch) {
        this(stage, properties(ref), ref.getBundle(), fetch);
    }

    Slot(Stage stage, Map<String, Object> props, Bundle bundle, Supplier<Object> fetch) {
        this.stage = stage;
        this.fetch = fetch;
        this.bundle = bundle;
        this.serviceId = props.get(Constants.SERVICE_ID) instanceof Long l ? l : 0L;
        this.ranking = props.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
        this.keys = Interest.declared(props);
        this.discoFeatures = Interest.strings(props.get("xmpp.disco.feature"));
        Object featureNs = props.get("xmpp.stream.feature.namespace");
        Object featureEl = props.get("xmpp.stream.feature.element");
        this.streamFeature = featureNs == null || featureEl == null ? null
                : XmlElement.of(String.valueOf(featureEl), String.valueOf(featureNs));
        this.streamFeatureAuthenticated = !"false".equals(String.valueOf(
                props.getOrDefault("xmpp.stream.feature.authenticated", "true")));
        Object component = props.get("component.name");
        this.name = component != null ? String.valueOf(component) : "service " + serviceId;
        boolean queued = stage == Stage.PROCESSOR || stage == Stage.POSTPROCESSOR;
        this.inline = queued && Boolean.parseBoolean(String.valueOf(props.get("xmpp.processor.inline")).trim());
        int threads = queued ? Math.max(1, Math.min(64, intProp(props, "xmpp.processor.threads", 1))) : 0;
        this.queueSize = Math.max(1, intProp(props, "xmpp.processor.queue.size", 1024));
        this.queues = new ThreadPoolExecutor[threads];
        this.depth = new AtomicInteger[threads];
        for (int i = 0; i < threads; i++) {
            String threadName = "confab-" + shortName(name) + "-" + i;
            queues[i] = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> new QueueThread(r, threadName));
            queues[i].allowCoreThreadTimeOut(true);
            depth[i] = new AtomicInteger();
        }
    }

    private static String shortName(String n) {
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(dot + 1);
    }

    static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> m = new java.util.HashMap<>();
        for (String k : ref.getPropertyKeys()) {
            m.put(k, ref.getProperty(k));
        }
        return m;
    }

    private static int intProp(Map<String, Object> props, String key, int def) {
        Object v = props.get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return v == null ? def : Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /** @return the plugin object, fetched from the registry the first time */
    Object service() {
        Object s = service;
        if (s == null) {
            synchronized (this) {
                s = service;
                if (s == null) {
                    service = s = fetch.get();
                }
            }
        }
        return s;
    }

    boolean fetched() {
        return service != null;
    }

    /** Takes over the service object another slot of the same service already fetched. */
    void adopt(Slot previous) {
        service = previous.service;
    }

    /** A plugin queue's thread: the one kind of session-manager thread where a plugin may block. */
    static final class QueueThread extends Thread {
        QueueThread(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
            setContextClassLoader(null); // never pin a plugin's class loader through an inherited TCCL
        }
    }

    /**
     * Enters an inline call of this plugin on the routing thread.
     *
     * @return false when the plugin is going away: the caller starts the stage afresh on the current index
     */
    boolean enterInline() {
        inlineRunning.incrementAndGet();
        if (closed) { // closed is set before the swap waits for inlineRunning to drop: one of the two sees the other
            inlineRunning.decrementAndGet();
            return false;
        }
        return true;
    }

    void exitInline() {
        inlineRunning.decrementAndGet();
    }

    /** What became of a submission. */
    enum Submitted { QUEUED, FULL, CLOSED }

    /** Queues work for this plugin on the queue of the stanza's account. */
    Submitted submit(Work work, boolean ignoreLimit) {
        int q = queueOf(work.stanza());
        AtomicInteger d = depth[q];
        if (!ignoreLimit && d.get() >= queueSize) {
            rejected.increment();
            return Submitted.FULL;
        }
        d.incrementAndGet();
        try {
            queues[q].execute(new Queued(work, d, this));
            return Submitted.QUEUED;
        } catch (RejectedExecutionException e) {
            d.decrementAndGet();
            return Submitted.CLOSED;
        }
    }

    private int queueOf(Stanza s) {
        if (queues.length == 1) {
            return 0;
        }
        Object account = s.from() != null ? s.from().bare() : s.to();
        return Math.floorMod(account == null ? 0 : account.hashCode(), queues.length);
    }

    /** Stops the queues and returns the work that had not started, in order, for the next version. */
    List<Work> shutdown() {
        List<Work> left = new ArrayList<>();
        closed = true;
        for (ThreadPoolExecutor q : queues) {
            List<Runnable> pending = new ArrayList<>();
            q.shutdown(); // first refuse new work (senders then go to the hold), then take what is queued
            q.getQueue().drainTo(pending);
            for (Runnable r : pending) {
                if (r instanceof Queued w) {
                    w.depth.decrementAndGet();
                    left.add(w.work);
                }
            }
        }
        return left;
    }

    /** Waits (bounded) until a stanza the old version is still running has finished. */
    void awaitIdle(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (inlineRunning.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // inline calls must not block, so they end within microseconds
            Thread.yield();
        }
        for (ThreadPoolExecutor q : queues) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !q.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    int queued() {
        int n = 0;
        for (AtomicInteger d : depth) {
            n += d.get();
        }
        return n;
    }

    int threads() {
        return queues.length;
    }

    /** True once no queue thread of this slot is alive (for the leak checks). */
    boolean terminated() {
        for (ThreadPoolExecutor q : queues) {
            if (!q.isTerminated()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A queued stanza, recognisable when the queue is drained. One that a worker takes after the slot closed (it
     * slipped into the queue between the drain and the executor's refusal) goes back through the pipeline, to
     * the hold behind the drained ones, instead of running on the old version ahead of them.
     */
    private record Queued(Work work, AtomicInteger depth, Slot slot) implements Runnable {
        @Override
        public void run() {
            depth.decrementAndGet();
            if (slot.closed) {
                work.pipeline().runStage(work.stanza(), work.ctx(), work.stage(), work.terminal());
            } else {
                work.run();
            }
        }
    }

    @Override
    public int compareTo(Slot o) {
        int c = Integer.compare(o.ranking, ranking);
        return c != 0 ? c : Long.compare(serviceId, o.serviceId);
    }

    @Override
    public String toString() {
        return name;
    }
}
