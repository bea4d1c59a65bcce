package im.confab.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** The coalescing write path: one buffer and one flush per read batch or loop round, order kept. */
class OutboundTest {
    private final Counter counter = new Counter();
    private final EmbeddedChannel channel = new EmbeddedChannel(counter);
    private final Outbound out = new Outbound(channel, 1 << 20);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void writesOfAReadBatchGoOutInOneWriteAndOneFlushAtItsEnd() {
        out.write("<a/>");
        out.write("<b/>");
        out.write("<c/>");
        assertNull(channel.readOutbound(), "nothing before the batch ends");
        out.readComplete();
        assertEquals(List.of("<a/><b/><c/>"), outbound());
        assertEquals(1, counter.writes);
        assertEquals(1, counter.flushes);
    }

    @Test
    void writesOutsideAReadQueueOneFlushTaskOnTheLoop() {
        out.write("<a/>");
        out.write("<b/>");
        assertNull(channel.readOutbound());
        channel.runPendingTasks();
        assertEquals(List.of("<a/><b/>"), outbound());
        assertEquals(1, counter.flushes);
    }

    @Test
    void deliveriesFromOtherThreadsArriveWholeInPushOrderPerThreadWithOneFlush() throws InterruptedException {
        int threads = 4;
        int each = 500;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    assertTrue(out.offer("<m t='" + id + "' i='" + i + "'/>"));
                }
            });
            th.start();
            started.add(th);
        }
        for (Thread th : started) {
            th.join();
        }
        channel.runPendingTasks(); // the drain task queued by the first push
        String all = String.join("", outbound());
        int[] next = new int[threads];
        int at = 0;
        while ((at = all.indexOf("<m t='", at)) >= 0) {
            int t = all.charAt(at + 6) - '0';
            int i = Integer.parseInt(all.substring(all.indexOf("i='", at) + 3, all.indexOf("'/>", at)));
            assertEquals(next[t]++, i, "thread " + t + " out of order");
            at++;
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(each, next[t], "thread " + t + " lost messages");
        }
        assertEquals(1, counter.flushes);
    }

    @Test
    void aWriteOnTheLoopGoesAfterWhatOtherThreadsHandedOverBefore() {
        out.offer("<first/>");
        out.write("<second/>");
        out.readComplete();
        assertEquals("<first/><second/>", String.join("", outbound()));
    }

    @Test
    void aClientTooFarBehindIsRefusedButOneLargeStanzaPasses() {
        Outbound small = new Outbound(channel, 10);
        assertTrue(small.offer("<a>0123456789abcdef</a>"), "the first one always fits");
        assertFalse(small.offer("<b/>"));
        channel.runPendingTasks();
        assertTrue(small.offer("<b/>"), "room again once the loop drained it");
    }

    @Test
    void aLongBacklogIsHandedOverInBoundedChunksInOrder() {
        String stanza = "<message>" + "x".repeat(1000) + "</message>";
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            out.write(stanza);
            expected.append(stanza);
        }
        out.readComplete();
        List<String> chunks = outbound();
        assertTrue(chunks.size() > 1, "chunks: " + chunks.size());
        chunks.forEach(c -> assertTrue(c.length() <= Outbound.CHUNK + stanza.length() * 3, "chunk " + c.length()));
        assertEquals(expected.toString(), String.join("", chunks));
        assertEquals(1, counter.flushes);
    }

    @Test
    void nonAsciiTextIsEncodedAsUtf8() {
        out.write("<body>grüße ✓ 😀</body>");
        out.readComplete();
        assertEquals(List.of("<body>grüße ✓ 😀</body>"), outbound());
    }

    @Test
    void writeAndCloseSendsWhatIsPendingThenTheLastWordsThenCloses() {
        out.write("<a/>");
        out.writeAndClose("</stream:stream>");
        assertEquals("<a/></stream:stream>", String.join("", outbound()));
        assertFalse(channel.isOpen());
    }

    @Test
    void afterTheLastWordsNothingMoreIsWrittenButTheChannelStaysOpenForThePeerToClose() {
        out.write("<a/>");
        assertTrue(out.offer("<b/>"));
        out.writeLast("</stream:stream>");
        out.write("<late/>");
        assertTrue(out.offer("<later/>"), "dropped, not refused: refusing would close for a slow reader");
        channel.runPendingTasks();
        out.readComplete();
        assertEquals("<a/><b/></stream:stream>", String.join("", outbound()));
        assertTrue(channel.isOpen());
    }

    @Test
    void nothingIsWrittenOnceTheChannelIsGone() {
        channel.close();
        out.write("<a/>");
        channel.runPendingTasks();
        out.offer("<b/>");
        channel.runPendingTasks();
        assertEquals(List.of(), outbound());
    }

    private List<String> outbound() {
        return Written.buffers(channel);
    }

    /** Counts what reaches the transport. */
    private static final class Counter extends ChannelOutboundHandlerAdapter {
        int writes;
        int flushes;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            writes++;
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    @Test
    void aReadThatEndsWithoutReadCompleteIsStillFlushedByTheLoop() {
        out.write("<features/>"); // e.g. SslHandler handing over decrypted data from its handshake task
        channel.runPendingTasks();
        assertEquals(List.of("<features/>"), outbound());
        out.readComplete(); // a later batch end finds nothing left
        assertNull(channel.readOutbound());
        assertEquals(1, counter.flushes);
    }
}
