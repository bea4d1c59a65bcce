package im.confab.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Work for other event loops leaves at the end of the sending loop's round, one task per target loop. */
class HandOffsTest {
    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
    private final EventLoop sender = group.next();
    private final EventLoop receiver = group.next();

    @AfterEach
    void shutDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void whatARoundHandsToAnotherLoopArrivesAfterTheRoundInOrderInOneTask() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> seenDuringTheRound = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        sender.submit(() -> {
            HandOffs h = HandOffs.current();
            for (int i = 1; i <= 3; i++) {
                String name = "d" + i;
                h.add(receiver, () -> {
                    ran.add(name + (receiver.inEventLoop() ? "@receiver" : "@elsewhere"));
                    done.countDown();
                });
            }
            try {
                Thread.sleep(100); // the rest of the round: the receiver must not have got anything yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seenDuringTheRound.addAll(ran);
        }).sync();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(), seenDuringTheRound, "handed over only when the round ended");
        assertEquals(List.of("d1@receiver", "d2@receiver", "d3@receiver"), ran);
    }

    @Test
    void oneHandedOverTaskThatThrowsDoesNotCostTheOthersOfItsBatch() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        sender.submit(() -> {
            HandOffs h = HandOffs.current();
            h.add(receiver, () -> {
                ran.add("d1");
                done.countDown();
            });
            h.add(receiver, () -> {
                throw new IllegalStateException("one connection's drain failed");
            });
            h.add(receiver, () -> {
                ran.add("d3");
                done.countDown();
            });
        }).sync();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("d1", "d3"), ran);
    }

    @Test
    void aThreadThatIsNoEventLoopHasNone() throws Exception {
        assertNull(HandOffs.current());
        Thread t = new Thread(() -> assertNull(HandOffs.current()));
        t.start();
        t.join();
    }
}
