package im.confab.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.test.support.FakeSessionManager;
import im.confab.xml.internal.AaltoStreamParserFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The read array shared by the connections of an event loop, and reads from direct buffers through it. */
class ReadScratchTest {
    @Test
    void theSameArrayIsLentAgainAndGrowsWhenNeeded() {
        ReadScratch s = new ReadScratch();
        byte[] first = s.acquire(100);
        assertEquals(ReadScratch.INITIAL_SIZE, first.length);
        s.release(first);
        assertSame(first, s.acquire(ReadScratch.INITIAL_SIZE));
        s.release(first);
        byte[] big = s.acquire(20000);
        assertEquals(20000, big.length);
        s.release(big);
        assertSame(big, s.acquire(10));
    }

    @Test
    void aNestedReadGetsItsOwnArray() {
        ReadScratch s = new ReadScratch();
        byte[] outer = s.acquire(10);
        byte[] inner = s.acquire(10);
        assertNotSame(outer, inner);
        s.release(inner); // does not free the outer one
        assertNotSame(outer, s.acquire(10));
        s.release(outer);
        assertSame(outer, s.acquire(10));
    }

    @Test
    void interleavedDirectReadsOfTwoStreamsParseCorrectly() throws Exception {
        C2sListener listener = new C2sListener(new FakeSessionManager("localhost"), new AaltoStreamParserFactory(),
                new TestConfig(false, true));
        try {
            EmbeddedChannel a = new EmbeddedChannel(new XmppConnection(listener, false));
            EmbeddedChannel b = new EmbeddedChannel(new XmppConnection(listener, false));
            byte[] header = ("<stream:stream to='localhost' version='1.0' xmlns='jabber:client'"
                    + " xmlns:stream='http://etherx.jabber.org/streams'>").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < header.length; i += 3) { // tiny chunks, alternating streams
                for (EmbeddedChannel ch : List.of(a, b)) {
                    ByteBuf direct = Unpooled.directBuffer(3);
                    direct.writeBytes(header, i, Math.min(3, header.length - i));
                    ch.writeInbound(direct);
                }
            }
            for (EmbeddedChannel ch : List.of(a, b)) {
                String out = drain(ch);
                assertTrue(out.contains("<stream:features>") && out.contains("<mechanism>PLAIN</mechanism>"), out);
                ch.finishAndReleaseAll();
            }
        } finally {
            listener.deactivate();
        }
    }

    private static String drain(EmbeddedChannel ch) {
        return Written.text(ch);
    }
}
