package im.confab.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void acceptsEveryScalarValueWholeAndByteByByte() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp < 0xD800 || cp > 0xDFFF) {
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] all = out.toByteArray();
        assertEquals(-1, new Utf8Validator().scan(all, 0, all.length));
        Utf8Validator v = new Utf8Validator();
        for (int i = 0; i < all.length; i++) {
            assertEquals(-1, v.scan(all, i, i + 1), "byte " + i);
        }
    }

    @Test
    void findsTheFirstBadByte() {
        int[][] cases = {
            {'a', 0x80}, {'a', 0xC0, 0x80}, {'a', 0xC1, 0xBF}, {'a', 0xE0, 0x9F, 0xBF},
            {'a', 0xED, 0xA0, 0x80}, {'a', 0xF0, 0x8F, 0xBF, 0xBF}, {'a', 0xF4, 0x90, 0x80, 0x80},
            {'a', 0xF5}, {'a', 0xFF}, {'a', 0xC3, 'b'}, {'a', 0xE2, 0x82, 'b'},
        };
        int[] expectedIndex = {1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 3};
        for (int i = 0; i < cases.length; i++) {
            byte[] b = bytes(cases[i]);
            assertEquals(expectedIndex[i], new Utf8Validator().scan(b, 0, b.length), "case " + i);
        }
    }

    @Test
    void aSequenceMayBeSplitAcrossCalls() {
        byte[] euro = bytes(0xE2, 0x82, 0xAC);
        Utf8Validator v = new Utf8Validator();
        assertEquals(-1, v.scan(euro, 0, 1));
        assertEquals(-1, v.scan(euro, 1, 2));
        assertEquals(-1, v.scan(euro, 2, 3));
        byte[] ascii = {'<'};
        v.scan(euro, 0, 2);
        assertEquals(0, v.scan(ascii, 0, 1), "an unfinished sequence cannot be followed by ASCII");
        v.reset();
        assertEquals(-1, v.scan(ascii, 0, 1));
    }

    @Test
    void findsABadByteAtEveryOffsetOfLongAsciiRuns() {
        // positions on both sides of the 8-byte blocks, and sequences cut by the end of a chunk
        for (int len = 1; len <= 40; len++) {
            for (int bad = 0; bad < len; bad++) {
                byte[] b = new byte[len];
                java.util.Arrays.fill(b, (byte) 'x');
                b[bad] = (byte) 0xFF;
                assertEquals(bad, new Utf8Validator().scan(b, 0, len), "len " + len + " bad " + bad);
                if (len > 3) {
                    assertEquals(bad < 3 ? -1 : bad, new Utf8Validator().scan(b, 3, len), "from 3");
                }
                b[bad] = (byte) 0xE2;
                int cut = new Utf8Validator().scan(b, 0, len);
                assertEquals(bad == len - 1 ? -1 : bad + 1, cut, "lead byte then ASCII, len " + len + " at " + bad);
            }
        }
    }

    @Test
    void agreesWithAByteByByteCheckOnRandomInputSplitAnywhere() {
        Random rnd = new Random(20261121);
        String[] pieces = {"<message to='a@b'>", "hello world, ", "ümlaut ", "Привет ", "王芳 ", "😀", "&amp;", " "};
        for (int round = 0; round < 3000; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int n = 1 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                out.writeBytes(pieces[rnd.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
            }
            byte[] b = out.toByteArray();
            if (rnd.nextBoolean()) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);     // maybe no longer UTF-8
            }
            int expected = reference(b);
            assertEquals(expected, new Utf8Validator().scan(b, 0, b.length), "whole, round " + round);
            // the same bytes in random chunks: the first failing chunk reports the same index
            Utf8Validator v = new Utf8Validator();
            int pos = 0;
            int got = -1;
            while (pos < b.length && got < 0) {
                int end = Math.min(b.length, pos + 1 + rnd.nextInt(20));
                got = v.scan(b, pos, end);
                pos = end;
            }
            assertEquals(expected, got, "chunked, round " + round);
        }
    }

    /** A plain decoder-style check (RFC 3629 table 4), one code point at a time: the first bad index or -1. */
    private static int reference(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (c < 0x80) {
                i++;
                continue;
            } else if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                lo = c == 0xE0 ? 0xA0 : 0x80;
                hi = c == 0xED ? 0x9F : 0xBF;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                lo = c == 0xF0 ? 0x90 : 0x80;
                hi = c == 0xF4 ? 0x8F : 0xBF;
            } else {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length) {
                    return -1;                       // unfinished at the end: not an error yet
                }
                int d = b[i + k] & 0xFF;
                if (d < lo || d > hi) {
                    return i + k;
                }
                lo = 0x80;
                hi = 0xBF;
            }
            i += n + 1;
        }
        return -1;
    }
}
