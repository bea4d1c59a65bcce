package im.confab.xml.internal;

/**
 * Streaming UTF-8 check (RFC 3629) over the raw bytes, before Aalto sees them.
 *
 * <p>Why: Aalto's async decoder does not reject overlong forms. {@code C0 80} or {@code E0 80 80} come out as
 * U+0000, {@code C0 81} as U+0001, and {@code F0 80 80 80} as a broken surrogate pair. Such characters would end
 * up in stanzas we route to other clients, whose parsers would then drop the connection. Checking the bytes
 * costs one tight loop (ASCII takes the fast path) and also covers names, attribute values and namespace URIs.
 */
final class Utf8Validator {
    /** Continuation bytes still expected for the current sequence. */
    private int pending;
    /** Allowed range of the next continuation byte (narrower right after E0, ED, F0 and F4). */
    private int lo = 0x80;
    private int hi = 0xBF;

    /**
     * Checks {@code b[from..to)}, continuing any sequence that an earlier call left open.
     *
     * @return the index of the first byte that cannot occur at its place in UTF-8, or -1
     */
    int scan(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (pending == 0) {
                // fast path: plain ASCII
                while (i < to && b[i] >= 0) {
                    i++;
                }
                if (i == to) {
                    return -1;
                }
                if (!lead(b[i] & 0xFF)) {
                    return i;
                }
            } else {
                int c = b[i] & 0xFF;
                if (c < lo || c > hi) {
                    return i;
                }
                pending--;
                lo = 0x80;
                hi = 0xBF;
            }
            i++;
        }
        return -1;
    }

    private boolean lead(int c) {
        if (c >= 0xC2 && c <= 0xDF) {
            pending = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            pending = 2;
            if (c == 0xE0) {
                lo = 0xA0;          // no overlong 3-byte forms
            } else if (c == 0xED) {
                hi = 0x9F;          // no UTF-16 surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            pending = 3;
            if (c == 0xF0) {
                lo = 0x90;          // no overlong 4-byte forms
            } else if (c == 0xF4) {
                hi = 0x8F;          // nothing above U+10FFFF
            }
        } else {
            return false;           // 80-C1 (stray continuation, overlong 2-byte), F5-FF
        }
        return true;
    }

    /** Forgets an open sequence (a new stream starts). */
    void reset() {
        pending = 0;
        lo = 0x80;
        hi = 0xBF;
    }
}
