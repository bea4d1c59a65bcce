package im.confab.xml.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Streaming UTF-8 check (RFC 3629) over the raw bytes, before Aalto sees them.
 *
 * <p>Why: Aalto's async decoder does not reject overlong forms. {@code C0 80} or {@code E0 80 80} come out as
 * U+0000, {@code C0 81} as U+0001, and {@code F0 80 80 80} as a broken surrogate pair. Such characters would end
 * up in stanzas we route to other clients, whose parsers would then drop the connection. Checking the bytes
 * costs one tight loop (ASCII takes the fast path, 8 bytes at a time) and also covers names, attribute values
 * and namespace URIs.
 */
final class Utf8Validator {
    /** Reads 8 bytes at once; the byte order does not matter to a test of the high bits. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

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
        // finish a sequence that the previous chunk left open
        while (pending > 0) {
            if (i >= to) {
                return -1;
            }
            int c = b[i] & 0xFF;
            if (c < lo || c > hi) {
                return i;
            }
            pending--;
            lo = 0x80;
            hi = 0xBF;
            i++;
        }
        while (true) {
            // fast path: plain ASCII, 8 bytes per test, then byte by byte up to the next lead byte
            while (i <= to - 8 && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            while (i < to && b[i] >= 0) {
                i++;
            }
            if (i >= to) {
                return -1;
            }
            // one multi-byte sequence, checked with locals; its state is kept only if the chunk ends inside it
            int c = b[i] & 0xFF;
            int n;
            int low = 0x80;
            int high = 0xBF;
            if (c < 0xC2) {
                return i;                   // 80-C1: stray continuation byte, overlong 2-byte form
            } else if (c < 0xE0) {
                n = 1;
            } else if (c < 0xF0) {
                n = 2;
                if (c == 0xE0) {
                    low = 0xA0;             // no overlong 3-byte forms
                } else if (c == 0xED) {
                    high = 0x9F;            // no UTF-16 surrogates
                }
            } else if (c < 0xF5) {
                n = 3;
                if (c == 0xF0) {
                    low = 0x90;             // no overlong 4-byte forms
                } else if (c == 0xF4) {
                    high = 0x8F;            // nothing above U+10FFFF
                }
            } else {
                return i;                   // F5-FF
            }
            i++;
            for (; n > 0; n--, i++) {
                if (i >= to) {
                    pending = n;
                    lo = low;
                    hi = high;
                    return -1;
                }
                int d = b[i] & 0xFF;
                if (d < low || d > high) {
                    return i;
                }
                low = 0x80;
                high = 0xBF;
            }
        }
    }

    /** Forgets an open sequence (a new stream starts). */
    void reset() {
        pending = 0;
        lo = 0x80;
        hi = 0xBF;
    }
}
