package im.confab.bench;

import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamHandler;
import im.confab.api.xml.XmlStreamParser;
import im.confab.api.xml.XmlStreamParserFactory;
import im.confab.xml.internal.AaltoStreamParserFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** The recorded client traffic (see {@link TrafficGenerator}), read from the benchmark jar. */
public final class Recording {
    static final String RESOURCE = "/im/confab/bench/client-traffic.xml";
    /** The c2s defaults after authentication: max.stanza.size 262144, max.depth 32. */
    static final XmlStreamParserFactory.Limits C2S_LIMITS = new XmlStreamParserFactory.Limits(262_144, 32);

    private Recording() {
    }

    /** @return the recorded stream's bytes */
    public static byte[] bytes() {
        try (InputStream in = Recording.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints what the recording holds (for the README): size, first-level elements by kind and first child. */
    public static void main(String[] args) throws XmlStreamException {
        byte[] b = bytes();
        Map<String, Integer> kinds = new TreeMap<>();
        int[] total = new int[1];
        XmlStreamParser p = new AaltoStreamParserFactory().create(new XmlStreamHandler() {
            @Override
            public void streamOpened(XmlElement header, String contentNamespace) {
            }

            @Override
            public void element(XmlElement e) {
                total[0]++;
                XmlElement first = e.firstElement();
                String key = e.name() + (e.attribute("type") == null ? "" : " type=" + e.attribute("type"))
                        + (first == null ? "" : " <" + first.name() + " xmlns='" + first.namespace() + "'>");
                kinds.merge(key, 1, Integer::sum);
            }

            @Override
            public void streamClosed() {
            }
        }, C2S_LIMITS);
        p.feed(b, 0, b.length);
        System.out.printf("%d bytes, %d first-level elements, %.0f bytes per element%n", b.length, total[0],
                (double) b.length / total[0]);
        kinds.forEach((k, n) -> System.out.printf("%6d  %s%n", n, k));
    }
}
