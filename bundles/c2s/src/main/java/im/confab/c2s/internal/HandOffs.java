package im.confab.c2s.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Work one event loop hands to other loops, sent once per round of the sending loop instead of once per
 * connection. A presence broadcast read on one loop reaches contacts on every other loop: handed over one by
 * one, the first task wakes the other loop, which may drain it and sleep again before the next arrives (1.17
 * wake-ups per broadcast were measured with two loops), and every task is a separate offer to that loop's queue.
 * Collected here and sent when the sending loop's current round of reads ends (a task on that loop, queued
 * without a wake-up), each other loop gets one task and one wake-up for everything a round produced for it.
 *
 * <p>Only an event loop has one ({@link #current}); other threads (plugin queues, the timer) hand over at once.
 * Touched by its own loop only.
 */
final class HandOffs implements Runnable {
    private static final System.Logger LOG = System.getLogger(HandOffs.class.getName());
    private static final FastThreadLocal<HandOffs> BY_LOOP = new FastThreadLocal<>();

    private final EventExecutor home;
    /** Per target loop, in the order the targets were first met; small (one entry per other loop). */
    private final List<EventExecutor> targets = new ArrayList<>(4);
    private final List<List<Runnable>> tasks = new ArrayList<>(4);
    private boolean scheduled;

    private HandOffs(EventExecutor home) {
        this.home = home;
    }

    /** @return the hand-offs of the event loop running this code, or null when this is not an event loop */
    static HandOffs current() {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            return null;
        }
        HandOffs h = BY_LOOP.get();
        if (h == null || h.home != loop) {
            h = new HandOffs(loop);
            BY_LOOP.set(h);
        }
        return h;
    }

    /**
     * Queues {@code task} for {@code target}, to be handed over at the end of this loop's round.
     *
     * @param target another event loop (a task for this loop itself would just be executed)
     */
    void add(EventExecutor target, Runnable task) {
        int i = targets.indexOf(target);
        if (i < 0) {
            targets.add(target);
            tasks.add(new ArrayList<>());
            i = targets.size() - 1;
        }
        tasks.get(i).add(task);
        if (!scheduled) {
            scheduled = true;
            try {
                home.execute(this); // on the loop itself: runs after the round's reads, no wake-up
            } catch (RejectedExecutionException homeShuttingDown) {
                run(); // this loop takes no more tasks: hand over now rather than never
            }
        }
    }

    /** On the home loop: one task per target loop with everything collected for it. */
    @Override
    public void run() {
        scheduled = false;
        for (int i = 0; i < targets.size(); i++) {
            List<Runnable> batch = tasks.get(i);
            if (batch.isEmpty()) {
                continue;
            }
            tasks.set(i, new ArrayList<>(batch.size()));
            try {
                targets.get(i).execute(new Batch(batch));
            } catch (RejectedExecutionException shuttingDown) {
                for (Runnable r : batch) {
                    if (r instanceof Outbound o) {
                        o.loopGone();
                    }
                }
            }
        }
    }

    /** What one round handed to one loop, run there in the order it was handed over. */
    private record Batch(List<Runnable> tasks) implements Runnable {
        @Override
        public void run() {
            for (Runnable r : tasks) {
                try {
                    r.run(); // an Outbound's drain (Netty's writes report through promises, not by throwing)
                } catch (RuntimeException e) {
                    // as when each was a task of its own: one connection's failure leaves the others' deliveries
                    LOG.log(System.Logger.Level.ERROR, "a delivery handed over from another loop failed", e);
                }
            }
        }
    }
}
