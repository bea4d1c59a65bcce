package im.confab.xml.internal;

import static im.confab.xml.internal.AaltoStreamParserTest.HEADER;
import static im.confab.xml.internal.Harness.LIMITS;
import static im.confab.xml.internal.Harness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.stanza.StreamError.Condition;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamParserFactory.Limits;
import im.confab.xml.internal.Harness.Closed;
import im.confab.xml.internal.Harness.Opened;
import im.confab.xml.internal.Harness.Recorder;
import im.confab.xml.internal.Harness.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class AaltoStreamParserResetTest {
    private static final String HEADER2 = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

    private static void feed(Recorder rec, String s) throws XmlStreamException {
        byte[] b = utf8(s);
        rec.parser.feed(b, 0, b.length);
    }

    @Test
    void afterResetANewHeaderIsExpected() throws XmlStreamException {
        Recorder rec = Harness.recorder(LIMITS);
        feed(rec, "<?xml version='1.0'?>" + HEADER + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        rec.parser.reset();
        feed(rec, HEADER2 + "<presence/>");
        assertEquals(4, rec.events.size());
        assertTrue(rec.events.get(2) instanceof Opened);
        assertEquals(XmlElement.of("presence", Xml.JABBER_CLIENT), rec.events.get(3));
    }

    @Test
    void resetDropsAHalfParsedElement() throws XmlStreamException {
        Recorder rec = Harness.recorder(LIMITS);
        feed(rec, HEADER + "<message><body>half a mess");
        rec.parser.reset();
        feed(rec, HEADER2 + "<presence/></stream:stream>");
        assertEquals(List.of(rec.events.get(0), rec.events.get(1), XmlElement.of("presence", Xml.JABBER_CLIENT),
                new Closed()), rec.events);
    }

    @Test
    void aNewStreamNeedsAHeaderAgain() throws XmlStreamException {
        Recorder rec = Harness.recorder(LIMITS);
        feed(rec, HEADER);
        rec.parser.reset();
        XmlStreamException e = assertThrows(XmlStreamException.class,
                () -> feed(rec, "<message xmlns='jabber:client'/>"));
        assertEquals(Condition.INVALID_NAMESPACE, e.condition());
    }

    @Test
    void resetFromTheHandlerHandsTheRestOfTheChunkToTheNewStream() {
        // a client that pipelines the new stream header right after <auth/> (the server resets on success)
        byte[] data = utf8(HEADER
                + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABy</auth>"
                + HEADER2 + "<iq type='set' id='b'/> </stream:stream>");
        List<Object> expected = null;
        for (int at = -1; at <= data.length; at++) {
            Recorder rec = Harness.recorder(LIMITS);
            rec.onElement = (e, p) -> {
                if (e.name().equals("auth")) {
                    p.reset();
                }
            };
            Result r = at < 0 ? Harness.feedCut(rec, data) : Harness.feedCut(rec, data, at);
            assertNull(r.error(), () -> "split at " + r.error());
            if (expected == null) {
                expected = r.events();
                assertEquals(5, expected.size(), expected.toString());
                assertTrue(expected.get(2) instanceof Opened);
                assertEquals("b", ((XmlElement) expected.get(3)).attribute("id"));
                assertEquals(new Closed(), expected.get(4));
            }
            assertEquals(expected, r.events(), "split at " + at);
        }
    }

    @Test
    void resetKeepsTheLimits() throws XmlStreamException {
        Recorder rec = Harness.recorder(new Limits(1024, 4));
        rec.parser.setLimits(new Limits(8192, 4));
        rec.parser.reset();
        feed(rec, HEADER + "<message><body>" + "x".repeat(5000) + "</body></message>");
        assertEquals(2, rec.events.size());
    }
}
