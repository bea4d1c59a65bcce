package im.confab.bench;

import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamHandler;
import im.confab.api.xml.XmlStreamParser;
import im.confab.api.xml.XmlStreamParserFactory;
import im.confab.xml.internal.AaltoStreamParserFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Stream parsing: the xml bundle's non-blocking parser (Aalto async underneath) fed the recorded client stream
 * in chunks of the size a Netty read hands over, each copied into a reused array first as
 * {@code XmppConnection.channelRead} does for a direct buffer. One operation is one pass over the whole
 * recording (about 1 MB) with a new parser, as one connection's stream. Secondary results {@code mb} and
 * {@code stanzas} are the same throughput in MB (10^6 bytes) and first-level elements per second.
 *
 * <ul>
 * <li>{@code elements}: bytes to immutable {@code XmlElement} trees, the xml bundle's whole job;</li>
 * <li>{@code stanzas}: plus {@code Stanza.of} on each, the header read (and JID parsing) c2s does next.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseBench {
    @Param({"1024", "16384"})
    public int chunk;

    private final XmlStreamParserFactory factory = new AaltoStreamParserFactory();
    private byte[] recording;
    private byte[] scratch;

    /** Per-second counters JMH reports beside the primary result. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public double mb;
        public long stanzas;

        @Setup(Level.Iteration)
        public void reset() {
            mb = 0;
            stanzas = 0;
        }
    }

    /** Counts elements; with {@code stanzas} also builds the {@code Stanza} as c2s does. */
    static final class Sink implements XmlStreamHandler {
        private final Blackhole bh;
        private final boolean toStanza;
        long elements;

        Sink(Blackhole bh, boolean toStanza) {
            this.bh = bh;
            this.toStanza = toStanza;
        }

        @Override
        public void streamOpened(XmlElement header, String contentNamespace) {
            if (bh != null) {
                bh.consume(header);
            }
        }

        @Override
        public void element(XmlElement element) {
            elements++;
            Object out = toStanza ? Stanza.of(element) : element;
            if (bh != null) {
                bh.consume(out);
            }
        }

        @Override
        public void streamClosed() {
        }
    }

    @Setup
    public void setUp() throws XmlStreamException {
        recording = Recording.bytes();
        scratch = new byte[chunk];
        Sink check = new Sink(null, true); // every element must be a stanza (Stanza.of throws otherwise)
        feedAll(check);
        if (check.elements < 1000) {
            throw new IllegalStateException("recording holds only " + check.elements + " elements");
        }
    }

    private void feedAll(Sink sink) throws XmlStreamException {
        XmlStreamParser parser = factory.create(sink, Recording.C2S_LIMITS);
        byte[] b = recording;
        byte[] s = scratch;
        for (int off = 0; off < b.length; off += s.length) {
            int n = Math.min(s.length, b.length - off);
            System.arraycopy(b, off, s, 0, n);
            parser.feed(s, 0, n);
        }
    }

    @Benchmark
    public long elements(Blackhole bh, Counters c) throws XmlStreamException {
        return pass(new Sink(bh, false), c);
    }

    @Benchmark
    public long stanzas(Blackhole bh, Counters c) throws XmlStreamException {
        return pass(new Sink(bh, true), c);
    }

    private long pass(Sink sink, Counters c) throws XmlStreamException {
        feedAll(sink);
        c.mb += recording.length / 1e6;
        c.stanzas += sink.elements;
        return sink.elements;
    }
}
