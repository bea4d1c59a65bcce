package im.confab.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesScalars() {
        assertEquals("a", Json.parse("\"a\""));
        assertEquals(42L, Json.parse("42"));
        assertEquals(-7L, Json.parse(" -7 "));
        assertEquals(1.5, Json.parse("1.5"));
        assertEquals(1e3, Json.parse("1E3"));
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertEquals(Boolean.FALSE, Json.parse("false"));
        assertNull(Json.parse("null"));
    }

    @Test
    void hugeIntegerBecomesDouble() {
        assertEquals(1e20, Json.parse("100000000000000000000"));
    }

    @Test
    void parsesNestedContainersInOrder() {
        Object v = Json.parse("{\"b\": [1, {\"c\": null}], \"a\": {}, \"e\": []}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a", "e"), List.copyOf(m.keySet()));
        List<?> b = (List<?>) m.get("b");
        assertEquals(1L, b.get(0));
        assertTrue(((Map<?, ?>) b.get(1)).containsKey("c"));
        assertEquals(Map.of(), m.get("a"));
        assertEquals(List.of(), m.get("e"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("q\" b\\ s/ \b\f\n\r\t é 😀", Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\""));
        assertEquals("ünïcode", Json.parse("\"ünïcode\""));
    }

    @Test
    void skipsComments() {
        String text = "// head\n{ /* inline */ \"a\": 1, // tail\n \"b\": \"//not a comment\" }\n/* end */";
        assertEquals(Map.of("a", 1L, "b", "//not a comment"), Json.parse(text));
    }

    @Test
    void resultIsUnmodifiable() {
        Map<?, ?> m = (Map<?, ?>) Json.parse("{\"a\": [1]}");
        assertThrows(UnsupportedOperationException.class, () -> m.clear());
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) m.get("a")).clear());
    }

    @Test
    void rejectsMalformedInputWithPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "[1 2]", "\"open", "tru", "01", "1.", "-", "1e",
                "{a:1}", "\"\\x\"", "\"\\u12\"", "\"tab\there\"", "{} {}", "/* open", "{\"a\":1,\"a\":2}")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
