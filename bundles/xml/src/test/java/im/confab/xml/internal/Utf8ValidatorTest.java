package im.confab.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
}
