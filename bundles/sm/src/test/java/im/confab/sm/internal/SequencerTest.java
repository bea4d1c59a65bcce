package im.confab.sm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

class SequencerTest {
    final Sequencer seq = new Sequencer();

    @Test
    void aTurnFinishedLaterHoldsBackTheSendersNextOneButNotOtherSenders() {
        List<String> ran = new ArrayList<>();
        Sequencer.Turn[] first = new Sequencer.Turn[1];
        seq.run("alice", t -> {
            ran.add("a1");
            first[0] = t; // went to a plugin queue: finished later
        });
        seq.run("alice", t -> {
            ran.add("a2");
            t.finish();
        });
        seq.run("bob", t -> {
            ran.add("b1");
            t.finish();
        });
        assertEquals(List.of("a1", "b1"), ran);
        assertEquals(1, seq.busy());
        first[0].finish();
        assertEquals(List.of("a1", "b1", "a2"), ran);
        first[0].finish(); // a second call changes nothing
        assertEquals(0, seq.busy());
    }

    @Test
    void theCompletionRunsOnceWhenTheTurnFinishesBeforeTheSendersNextStarts() {
        List<String> ran = new ArrayList<>();
        Sequencer.Turn[] first = new Sequencer.Turn[1];
        seq.run("k", t -> first[0] = t, () -> ran.add("done1"));
        seq.run("k", t -> {
            ran.add("second");
            t.finish();
        }, () -> ran.add("done2"));
        seq.run("k", t -> {
            throw new IllegalStateException("boom (expected by the test)");
        }, () -> ran.add("done3"));
        assertEquals(List.of(), ran);
        first[0].finish();
        first[0].finish();
        assertEquals(List.of("done1", "second", "done2", "done3"), ran, "a failed turn completes too");
        assertEquals(0, seq.busy());
    }

    @Test
    void manyTurnsFinishedInlineDrainWithoutRecursing() {
        Sequencer.Turn[] first = new Sequencer.Turn[1];
        seq.run("k", t -> first[0] = t);
        AtomicInteger next = new AtomicInteger();
        int n = 200_000; // recursion per turn would overflow the stack long before this
        for (int i = 0; i < n; i++) {
            int expected = i;
            seq.run("k", t -> {
                assertEquals(expected, next.getAndIncrement());
                t.finish();
            });
        }
        assertEquals(0, next.get());
        first[0].finish();
        assertEquals(n, next.get());
        assertEquals(0, seq.busy());
    }

    @Test
    void aFailingTurnDoesNotStallItsSender() {
        List<String> ran = new ArrayList<>();
        seq.run("k", t -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        seq.run("k", t -> {
            ran.add("after");
            t.finish();
        });
        assertEquals(List.of("after"), ran);
        assertEquals(0, seq.busy());
    }

    @Test
    void turnsFinishedOnOtherThreadsKeepEachSendersOrderAndNeverOverlap() throws Exception {
        ExecutorService plugin = Executors.newFixedThreadPool(3);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        int perSender = 2_000;
        List<List<Integer>> seen = new ArrayList<>();
        AtomicInteger[] inFlight = new AtomicInteger[4];
        List<String> violations = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(4 * perSender);
        for (int s = 0; s < 4; s++) {
            seen.add(new CopyOnWriteArrayList<>());
            inFlight[s] = new AtomicInteger();
        }
        try {
            for (int s = 0; s < 4; s++) {
                int sender = s;
                senders.execute(() -> {
                    for (int i = 0; i < perSender; i++) {
                        int n = i;
                        seq.run("sender-" + sender, t -> {
                            if (inFlight[sender].incrementAndGet() != 1) {
                                violations.add("two turns of sender " + sender + " at once");
                            }
                            Runnable end = () -> {
                                seen.get(sender).add(n);
                                inFlight[sender].decrementAndGet();
                                done.countDown();
                                t.finish();
                            };
                            if (n % 3 == 0) {
                                end.run(); // no plugin queue
                            } else {
                                plugin.execute(end);
                            }
                        });
                    }
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "all turns ran");
        } finally {
            senders.shutdownNow();
            plugin.shutdownNow();
        }
        assertEquals(List.of(), violations);
        for (List<Integer> l : seen) {
            assertEquals(perSender, l.size());
            for (int i = 0; i < perSender; i++) {
                assertEquals(i, l.get(i));
            }
        }
        // the last finish() may still be removing its lane when the latch opens: wait for it, bounded
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seq.busy() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(seq.busy() > 0, "no lane left behind");
    }
}
