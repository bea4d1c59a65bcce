package im.confab.xml.internal;

import static im.confab.xml.internal.AaltoStreamParserTest.HEADER;
import static im.confab.xml.internal.Harness.LIMITS;
import static im.confab.xml.internal.Harness.concat;
import static im.confab.xml.internal.Harness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.confab.api.stanza.StreamError.Condition;
import im.confab.api.xml.XmlStreamException;
import im.confab.xml.internal.Harness.Result;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AaltoStreamParserErrorTest {
    private static final String BILLION_LAUGHS = "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n"
            + " <!ENTITY lol \"lol\">\n"
            + " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
            + " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
            + " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
            + "]>\n" + HEADER + "<message><body>&lol3;</body></message>";

    private static Arguments bad(String name, Condition condition, byte[] input) {
        return Arguments.of(name, condition, input);
    }

    private static Arguments bad(String name, Condition condition, String input) {
        return bad(name, condition, utf8(input));
    }

    private static byte[] withBytes(String before, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return concat(utf8(before), b, utf8("</body></message>"));
    }

    static Stream<Arguments> badInputs() {
        String msg = HEADER + "<message><body>";
        return Stream.of(
                bad("mismatched end tag", Condition.NOT_WELL_FORMED, HEADER + "<message><body>hi</message> "),
                bad("control character", Condition.NOT_WELL_FORMED, msg + "\u0001</body></message>"),
                bad("NUL character reference", Condition.NOT_WELL_FORMED, msg + "&#0;</body></message>"),
                bad("< in attribute", Condition.NOT_WELL_FORMED, HEADER + "<message id='<'/>"),
                bad("duplicate attribute", Condition.NOT_WELL_FORMED, HEADER + "<message id='1' id='2'/>"),
                bad("xml declaration inside the stream", Condition.NOT_WELL_FORMED, HEADER + "<?xml version='1.0'?>"),
                bad("second root element", Condition.NOT_WELL_FORMED, HEADER + "</stream:stream>" + HEADER),
                bad("UTF-8 byte order mark", Condition.NOT_WELL_FORMED, "\uFEFF" + HEADER),
                bad("byte FF", Condition.NOT_WELL_FORMED, withBytes(msg, 0xFF)),
                bad("stray continuation byte", Condition.NOT_WELL_FORMED, withBytes(msg, 0x80)),
                bad("truncated sequence", Condition.NOT_WELL_FORMED, withBytes(msg, 0xC3)),
                bad("overlong NUL (C0 80)", Condition.NOT_WELL_FORMED, withBytes(msg, 0xC0, 0x80)),
                bad("overlong NUL (E0 80 80)", Condition.NOT_WELL_FORMED, withBytes(msg, 0xE0, 0x80, 0x80)),
                bad("overlong 4-byte", Condition.NOT_WELL_FORMED, withBytes(msg, 0xF0, 0x80, 0x80, 0x80)),
                bad("encoded surrogate", Condition.NOT_WELL_FORMED, withBytes(msg, 0xED, 0xA0, 0x80)),
                bad("above U+10FFFF", Condition.NOT_WELL_FORMED, withBytes(msg, 0xF4, 0x90, 0x80, 0x80)),
                bad("billion laughs", Condition.RESTRICTED_XML, BILLION_LAUGHS),
                bad("DOCTYPE without subset", Condition.RESTRICTED_XML, "<!DOCTYPE stream:stream>" + HEADER),
                bad("external entity", Condition.RESTRICTED_XML,
                        "<!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>" + HEADER + "<m>&xxe;</m>"),
                bad("comment before the header", Condition.RESTRICTED_XML, "<?xml version='1.0'?><!-- hi -->" + HEADER),
                bad("comment at stream level", Condition.RESTRICTED_XML, HEADER + "<!-- hi --><presence/>"),
                bad("comment in a stanza", Condition.RESTRICTED_XML, msg + "<!-- hi --></body></message>"),
                bad("PI before the header", Condition.RESTRICTED_XML, "<?xml version='1.0'?><?foo bar?>" + HEADER),
                bad("PI in a stanza", Condition.RESTRICTED_XML, msg + "<?foo bar?></body></message>"),
                bad("undefined entity in text", Condition.RESTRICTED_XML, msg + "&foo;</body></message>"),
                bad("undefined entity in attribute", Condition.RESTRICTED_XML, HEADER + "<message id='&foo;'/>"),
                bad("wrong stream namespace", Condition.INVALID_NAMESPACE,
                        "<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong'>"),
                bad("root in the content namespace", Condition.INVALID_NAMESPACE, "<stream xmlns='jabber:client'>"),
                bad("wrong root element", Condition.BAD_FORMAT,
                        "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"),
                bad("unbound stream prefix", Condition.BAD_NAMESPACE_PREFIX,
                        "<stream:stream xmlns='jabber:client' to='example.com' version='1.0'>"),
                bad("stream namespace as default", Condition.BAD_NAMESPACE_PREFIX,
                        "<stream xmlns='http://etherx.jabber.org/streams'>"),
                bad("unbound prefix in a stanza", Condition.BAD_NAMESPACE_PREFIX, HEADER + "<message><x:y/></message>"),
                bad("unbound attribute prefix", Condition.BAD_NAMESPACE_PREFIX, HEADER + "<message x:y='1'/>"),
                bad("Latin-1 declaration", Condition.UNSUPPORTED_ENCODING,
                        "<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER),
                bad("UTF-16 with BOM", Condition.UNSUPPORTED_ENCODING,
                        ("\uFEFF<?xml version='1.0' encoding='UTF-16'?>" + HEADER).getBytes(StandardCharsets.UTF_16BE)),
                bad("UTF-16LE without BOM", Condition.UNSUPPORTED_ENCODING,
                        HEADER.getBytes(StandardCharsets.UTF_16LE)),
                bad("XML 1.1", Condition.BAD_FORMAT, "<?xml version='1.1'?>" + HEADER),
                bad("text at stream level", Condition.BAD_FORMAT, HEADER + " hello <presence/>"),
                bad("CDATA at stream level", Condition.BAD_FORMAT, HEADER + "<![CDATA[x]]>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputGivesTheRightCondition(String name, Condition condition, byte[] input) {
        Result whole = Harness.whole(input, LIMITS);
        assertNotNull(whole.error(), "no error for " + name + ", events " + whole.events());
        assertEquals(condition, whole.error().condition(), whole.error().getMessage());
        assertEquals(condition, Harness.bytewise(input, LIMITS).error().condition(), "byte at a time");
        for (int at = 0; at <= input.length; at++) {
            Result r = Harness.split(input, at, LIMITS);
            assertNotNull(r.error(), "split at " + at);
            assertEquals(condition, r.error().condition(), "split at " + at + ": " + r.error().getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void parserStaysDeadAfterAnError(String name, Condition condition, byte[] input) {
        Harness.Recorder rec = Harness.recorder(LIMITS);
        assertThrows(XmlStreamException.class, () -> rec.parser.feed(input, 0, input.length));
        int seen = rec.events.size();
        byte[] garbage = utf8("<presence/>" + HEADER + "<message/>");
        XmlStreamException again = assertThrows(XmlStreamException.class,
                () -> rec.parser.feed(garbage, 0, garbage.length));
        assertEquals(condition, again.condition());
        rec.parser.reset();
        XmlStreamException afterReset = assertThrows(XmlStreamException.class,
                () -> rec.parser.feed(garbage, 0, garbage.length));
        assertEquals(condition, afterReset.condition());
        assertEquals(seen, rec.events.size(), "nothing is parsed after an error");
    }
}
