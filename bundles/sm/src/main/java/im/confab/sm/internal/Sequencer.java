package im.confab.sm.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * RFC 6120 10.1: stanzas of one sender are processed in the order they were sent. The pipeline runs plugins on
 * queues of their own, so a message that waits in a plugin's queue could otherwise be overtaken by the sender's
 * next stanza that no plugin wants (an iq result, say). A sender has at most one stanza in the pipeline; the
 * next waits here until that one was delivered, stored, answered or dropped ({@link Turn#finish}).
 *
 * <p>A sender with nothing in flight pays one map insertion and one removal. No thread blocks: a waiting stanza
 * is queued, and whoever finishes the turn before it starts it. A turn finished on the thread that started it
 * (no plugin queue in between, the common case) does not recurse into the next: the drain loop goes on.
 */
final class Sequencer {
    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());
    private final ConcurrentHashMap<Object, ArrayDeque<Turn>> lanes = new ConcurrentHashMap<>();
    private static final ThreadLocal<Turn> RUNNING = new ThreadLocal<>();

    /** One stanza's place in its sender's lane. */
    final class Turn {
        private final Object key;
        private final Consumer<Turn> task;
        private final Runnable done;
        private final AtomicBoolean finished = new AtomicBoolean();
        private boolean finishedInline;

        private Turn(Object key, Consumer<Turn> task, Runnable done) {
            this.key = key;
            this.task = task;
            this.done = done;
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
            if (!finished.compareAndSet(false, true)) {
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
        boolean[] now = new boolean[1];
        lanes.compute(key, (k, q) -> {
            if (q == null) {
                now[0] = true;
                return new ArrayDeque<>(2);
            }
            q.addLast(t);
            return q;
        });
        if (now[0] && start(t)) {
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
        Object[] next = new Object[1];
        lanes.computeIfPresent(key, (k, q) -> {
            next[0] = q.pollFirst();
            return next[0] == null ? null : q;
        });
        return (Turn) next[0];
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
