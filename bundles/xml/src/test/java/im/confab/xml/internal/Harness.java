package im.confab.xml.internal;

import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamHandler;
import im.confab.api.xml.XmlStreamParser;
import im.confab.api.xml.XmlStreamParserFactory;
import im.confab.api.xml.XmlStreamParserFactory.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Feeds byte sequences to a parser in various ways and records what comes out. */
final class Harness {
    static final XmlStreamParserFactory FACTORY = new AaltoStreamParserFactory();
    static final Limits LIMITS = new Limits(64 * 1024, 16);
    /** Chunks are copied into a larger array at this offset, so the parser never sees offset 0 only. */
    private static final int PAD = 5;

    /** The stream header was parsed. */
    record Opened(XmlElement header, String contentNamespace) {
    }

    /** {@code </stream:stream>} arrived. */
    record Closed() {
    }

    /** What a parse produced: the events in order, and the exception that ended it (or null). */
    record Result(List<Object> events, XmlStreamException error) {
        List<XmlElement> elements() {
            List<XmlElement> out = new ArrayList<>();
            for (Object o : events) {
                if (o instanceof XmlElement e) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    /** Records events; an optional hook runs after each first-level element (to reset or change limits). */
    static final class Recorder implements XmlStreamHandler {
        final List<Object> events = new ArrayList<>();
        BiConsumer<XmlElement, XmlStreamParser> onElement = (e, p) -> { };
        XmlStreamParser parser;

        @Override
        public void streamOpened(XmlElement header, String contentNamespace) {
            events.add(new Opened(header, contentNamespace));
        }

        @Override
        public void element(XmlElement element) {
            events.add(element);
            onElement.accept(element, parser);
        }

        @Override
        public void streamClosed() {
            events.add(new Closed());
        }
    }

    private Harness() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    static Recorder recorder(Limits limits) {
        Recorder r = new Recorder();
        r.parser = FACTORY.create(r, limits);
        return r;
    }

    /** Feeds {@code data} cut at the given positions (ascending), each chunk from a padded array. */
    static Result feedCut(Recorder rec, byte[] data, int... cuts) {
        int from = 0;
        try {
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : data.length;
                feedChunk(rec.parser, data, from, to);
                from = to;
            }
            return new Result(List.copyOf(rec.events), null);
        } catch (XmlStreamException e) {
            return new Result(List.copyOf(rec.events), e);
        }
    }

    static Result whole(byte[] data, Limits limits) {
        return feedCut(recorder(limits), data);
    }

    static Result split(byte[] data, int at, Limits limits) {
        return feedCut(recorder(limits), data, at);
    }

    static Result bytewise(byte[] data, Limits limits) {
        Recorder rec = recorder(limits);
        try {
            for (int i = 0; i < data.length; i++) {
                feedChunk(rec.parser, data, i, i + 1);
            }
            return new Result(List.copyOf(rec.events), null);
        } catch (XmlStreamException e) {
            return new Result(List.copyOf(rec.events), e);
        }
    }

    static Result chunked(byte[] data, int chunkSize, Limits limits) {
        Recorder rec = recorder(limits);
        try {
            for (int i = 0; i < data.length; i += chunkSize) {
                feedChunk(rec.parser, data, i, Math.min(data.length, i + chunkSize));
            }
            return new Result(List.copyOf(rec.events), null);
        } catch (XmlStreamException e) {
            return new Result(List.copyOf(rec.events), e);
        }
    }

    private static void feedChunk(XmlStreamParser p, byte[] data, int from, int to) throws XmlStreamException {
        byte[] buf = new byte[PAD + (to - from) + PAD];
        System.arraycopy(data, from, buf, PAD, to - from);
        p.feed(buf, PAD, to - from);
        // the parser must not keep reading the caller's buffer after feed() returned
        java.util.Arrays.fill(buf, (byte) 'X');
    }
}
