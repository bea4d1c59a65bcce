package im.confab.sm.internal;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * RFC 6120 10.1: stanzas of one sender are processed in the order they were sent. The pipeline runs plugins on
 * queues of their own, so a message that waits in a plugin's queue could otherwise be overtaken by the sender's
 * next stanza that no plugin wants (an iq result, say). A sender has at most one stanza in the pipeline; the
 * next waits here until that one was delivered, stored, answered or dropped ({@link Turn#finish}).
 *
 * <p>A sender with nothing in flight pays one map insertion and one removal and allocates only its turn (a
 * queue exists only for a key with turns waiting: every copy of a presence broadcast passes here). No thread
 * blocks: a waiting stanza is queued, and whoever finishes the turn before it starts it. A turn finished on the
 * thread that started it (no plugin queue in between, the common case) does not recurse into the next: the
 * drain loop goes on.
 */
final class Sequencer {
    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());
    /** The value of a key with one turn in flight and none waiting: the common case costs no queue. */
    private static final Object RUNNING_ALONE = new Object();
    /** Takes the next waiting turn of a lane, or removes the lane when none waits. */
    private static final BiFunction<Object, Object, Object> POLL = (k, v) -> {
        Lane lane = (Lane) v; // RUNNING_ALONE is removed before this is tried
        lane.taken = lane.waiting.pollFirst();
        return lane.taken == null ? null : lane;
    };
    private static final VarHandle FINISHED;

    static {
        try {
            FINISHED = MethodHandles.lookup().findVarHandle(Turn.class, "finished", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Per key: {@link #RUNNING_ALONE}, or the {@link Lane} of the turns waiting behind the one in flight. */
    private final ConcurrentHashMap<Object, Object> lanes = new ConcurrentHashMap<>();
    private static final ThreadLocal<Turn> RUNNING = new ThreadLocal<>();

    /** The turns of a key that wait; changed only inside the map's compute functions (under its bin lock). */
    private static final class Lane {
        final ArrayDeque<Turn> waiting = new ArrayDeque<>(4);
        /** What {@link #POLL} took, read right after by the thread that polled. */
        Turn taken;
    }

    /**
     * One stanza's place in its sender's lane. It is also the function that enters it into the map, so that
     * entering allocates nothing but the turn.
     */
    final class Turn implements BiFunction<Object, Object, Object> {
        private final Object key;
        private final Consumer<Turn> task;
        private final Runnable done;
        @SuppressWarnings("unused") // through FINISHED
        private volatile boolean finished;
        private boolean finishedInline;
        /** Set by {@link #apply} when nothing of the key was in flight: the caller starts it at once. */
        private boolean first;

        private Turn(Object key, Consumer<Turn> task, Runnable done) {
            this.key = key;
            this.task = task;
            this.done = done;
        }

        /** In {@code lanes.compute}: this turn is in flight alone, or waits behind the others. */
        @Override
        public Object apply(Object k, Object v) {
            if (v == null) {
                first = true;
                return RUNNING_ALONE;
            }
            Lane lane = v == RUNNING_ALONE ? new Lane() : (Lane) v;
            lane.waiting.addLast(this);
            return lane;
        }

        /** The stanza is done with: the sender's next one may start. Only the first call counts. */
        void finish() {
            if (!markFinished()) {
                return;
            }
            if (RUNNING.get() == this) {
                finishedInline = true; // the drain loop that started it starts the next
            } else {
                drain(key);
            }
        }

        private boolean markFinished() {
            if (!FINISHED.compareAndSet(this, false, true)) {
                return false;
            }
            if (done != null) {
                try {
                    done.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "a stanza's completion callback failed", e);
                }
            }
            return true;
        }
    }

    /** Runs the task now when nothing of the key is in flight, else after everything queued before it. */
    void run(Object key, Consumer<Turn> task) {
        run(key, task, null);
    }

    /**
     * Like {@link #run(Object, Consumer)}, and runs {@code done} once the turn finished (or failed).
     *
     * @param done called once, on the thread that finishes the turn, before the key's next turn starts; or null
     */
    void run(Object key, Consumer<Turn> task, Runnable done) {
        Turn t = new Turn(key, task, done);
        lanes.compute(key, t);
        if (t.first && start(t)) {
            drain(key);
        }
    }

    /** Starts the turns of a lane one after another while they finish on this thread. */
    private void drain(Object key) {
        for (;;) {
            Turn next = poll(key);
            if (next == null || !start(next)) {
                return;
            }
        }
    }

    /** @return the next turn of the key, or null after removing the idle lane */
    private Turn poll(Object key) {
        if (lanes.remove(key, RUNNING_ALONE)) {
            return null; // nobody waited: the common case, one removal
        }
        Object lane = lanes.computeIfPresent(key, POLL);
        return lane == null ? null : ((Lane) lane).taken;
    }

    /** Runs a turn; @return true when it finished before returning (the caller starts the next) */
    private boolean start(Turn t) {
        Turn outer = RUNNING.get();
        RUNNING.set(t);
        try {
            t.task.accept(t);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a stanza failed in the session manager; its sender's next one goes on", e);
            t.markFinished(); // a failing stanza must not stall its sender
            return true;
        } finally {
            RUNNING.set(outer);
        }
        return t.finishedInline;
    }

    /** @return how many senders have a stanza in flight (for statistics and tests) */
    int busy() {
        return lanes.size();
    }
}
