package im.confab.xml.internal;

import im.confab.api.stanza.StreamError;
import im.confab.api.xml.XmlStreamException;

/**
 * Looks at the bytes before the stream header, where Aalto would not give us the right stream error.
 *
 * <ul>
 * <li>UTF-16 and UTF-32 (a byte order mark, or a NUL among the first two bytes) get
 * {@code unsupported-encoding} (RFC 6120 11.6) instead of a generic parse error.</li>
 * <li>{@code <!} before the root element can only start a DOCTYPE or a comment, both restricted XML (RFC 6120
 * 11.1). Aalto reports a DOCTYPE with an internal subset (the billion laughs payload) only as a syntax error, so
 * the parser stops feeding at the {@code !} and decides itself.</li>
 * </ul>
 * Used only until the stream header has been parsed, so stanzas never pay for it.
 */
final class PrologGuard {
    private boolean afterLt;

    /**
     * @param streamOffset how many bytes of this stream came before {@code b[from]}
     * @return the index of the {@code !} of the first {@code <!}, or {@code to} when there is none
     * @throws XmlStreamException unsupported-encoding when the stream does not start as UTF-8 can
     */
    int scan(byte[] b, int from, int to, long streamOffset) throws XmlStreamException {
        int i = from;
        for (; i < to && streamOffset + (i - from) < 2; i++) {
            int c = b[i] & 0xFF;
            boolean first = streamOffset + (i - from) == 0;
            if (c == 0 || first && (c == 0xFE || c == 0xFF)) {
                throw new XmlStreamException(StreamError.Condition.UNSUPPORTED_ENCODING, "only UTF-8 is supported");
            }
            if (c == '!' && afterLt) {
                return i;
            }
            afterLt = c == '<';
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '!' && afterLt) {
                return i;
            }
            afterLt = c == '<';
        }
        return to;
    }

    void reset() {
        afterLt = false;
    }
}
