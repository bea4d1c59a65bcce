package im.confab.xml.internal;

import static im.confab.xml.internal.AaltoStreamParserTest.HEADER;
import static im.confab.xml.internal.Harness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.stanza.StreamError.Condition;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamParserFactory.Limits;
import im.confab.xml.internal.Harness.Recorder;
import im.confab.xml.internal.Harness.Result;
import org.junit.jupiter.api.Test;

class AaltoStreamParserLimitsTest {
    private static final Limits SMALL = new Limits(1024, 4);
    private static final Limits LARGER = new Limits(4096, 4);

    /** A message of exactly {@code bytes} bytes. */
    private static String stanza(int bytes) {
        return "<message><body>" + "x".repeat(bytes - 32) + "</body></message>";
    }

    private static void assertTooLarge(Result r) {
        assertNotNull(r.error(), "expected policy-violation, got " + r.events());
        assertEquals(Condition.POLICY_VIOLATION, r.error().condition());
        assertTrue(r.error().getMessage().contains("1024"), r.error().getMessage());
        assertTrue(r.error().getMessage().contains("maxStanzaBytes"), r.error().getMessage());
    }

    @Test
    void stanzaBytesAreCountedExactly() {
        assertEquals(1024, utf8(stanza(1024)).length);
        byte[] fits = utf8(HEADER + " \n " + stanza(1024) + "\n" + stanza(1024) + stanza(1000));
        byte[] over = utf8(HEADER + " \n " + stanza(1024) + "\n" + stanza(1025));
        assertNull(Harness.whole(fits, SMALL).error());
        assertEquals(3, Harness.whole(fits, SMALL).elements().size());
        assertNull(Harness.bytewise(fits, SMALL).error());
        Result whole = Harness.whole(over, SMALL);
        assertTooLarge(whole);
        assertEquals(1, whole.elements().size(), "the first stanza still gets through");
        assertTooLarge(Harness.bytewise(over, SMALL));
        for (int at = 0; at <= over.length; at++) {
            assertNull(Harness.split(fits, at, SMALL).error(), "split at " + at);
            assertTooLarge(Harness.split(over, at, SMALL));
        }
    }

    @Test
    void bytesNotCharactersAreCounted() {
        String emoji = "\uD83D\uDE00".repeat(250);   // 500 chars, 1000 bytes
        assertTooLarge(Harness.whole(utf8(HEADER + "<message><body>" + emoji + "</body></message>"), SMALL));
    }

    @Test
    void aStartTagThatNeverEndsIsStoppedEarly() {
        byte[] data = utf8(HEADER + "<message to='" + "a".repeat(100_000));
        Recorder rec = Harness.recorder(SMALL);
        int fedBytes = 0;
        XmlStreamException e = null;
        for (int i = 0; i < data.length && e == null; i += 100) {
            int n = Math.min(100, data.length - i);
            try {
                rec.parser.feed(data, i, n);
            } catch (XmlStreamException x) {
                e = x;
            }
            fedBytes += n;
        }
        assertNotNull(e);
        assertEquals(Condition.POLICY_VIOLATION, e.condition());
        assertTrue(fedBytes < HEADER.length() + 1024 + 200, "stopped after " + fedBytes);
    }

    @Test
    void textThatNeverEndsIsStoppedEarly() {
        Result r = Harness.chunked(utf8(HEADER + "<message><body>" + "a".repeat(100_000)), 512, SMALL);
        assertTooLarge(r);
    }

    @Test
    void aHugeHeaderIsRefused() {
        Result r = Harness.whole(utf8(HEADER.replace("to=", "x='" + "y".repeat(2000) + "' to=")), SMALL);
        assertTooLarge(r);
    }

    @Test
    void whitespaceKeepalivesDoNotAddUp() {
        Result r = Harness.chunked(utf8(HEADER + " ".repeat(100_000) + "<presence/>" + "\n".repeat(5000)
                + stanza(1024)), 1000, SMALL);
        assertNull(r.error());
        assertEquals(2, r.elements().size());
    }

    @Test
    void nestingIsLimited() {
        String ok = HEADER + "<message><a xmlns='urn:a'><b><c/></b></a></message>";
        String deep = HEADER + "<message><a xmlns='urn:a'><b><c><d/></c></b></a></message>";
        assertNull(Harness.whole(utf8(ok), SMALL).error());
        Result r = Harness.whole(utf8(deep), SMALL);
        assertEquals(Condition.POLICY_VIOLATION, r.error().condition());
        assertTrue(r.error().getMessage().contains("maxDepth"));
        assertEquals(Condition.POLICY_VIOLATION, Harness.bytewise(utf8(deep), SMALL).error().condition());
    }

    @Test
    void newLimitsApplyFromTheNextElement() throws XmlStreamException {
        byte[] big = utf8(stanza(2000));
        Recorder rec = Harness.recorder(SMALL);
        byte[] header = utf8(HEADER);
        rec.parser.feed(header, 0, header.length);
        rec.parser.setLimits(LARGER);
        rec.parser.feed(big, 0, big.length);
        assertEquals(2, rec.events.size());

        // an element that is already open keeps the limits it started with
        Recorder rec2 = Harness.recorder(SMALL);
        rec2.parser.feed(header, 0, header.length);
        rec2.parser.feed(big, 0, 1000);
        rec2.parser.setLimits(LARGER);
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> rec2.parser.feed(big, 1000, 1000));
        assertEquals(Condition.POLICY_VIOLATION, e.condition());
    }

    @Test
    void limitsCanChangeFromTheHandler() {
        byte[] data = utf8(HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" + stanza(2000));
        for (int at = 0; at <= data.length; at += 7) {
            Recorder rec = Harness.recorder(SMALL);
            rec.onElement = (XmlElement e, im.confab.api.xml.XmlStreamParser p) -> p.setLimits(LARGER);
            Result r = Harness.feedCut(rec, data, at);
            assertNull(r.error(), "split at " + at);
            assertEquals(2, r.elements().size());
        }
    }
}
