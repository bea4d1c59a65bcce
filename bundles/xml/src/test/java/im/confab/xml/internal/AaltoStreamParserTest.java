package im.confab.xml.internal;

import static im.confab.xml.internal.Harness.LIMITS;
import static im.confab.xml.internal.Harness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import im.confab.api.stanza.StreamError.Condition;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.xml.internal.Harness.Closed;
import im.confab.xml.internal.Harness.Opened;
import im.confab.xml.internal.Harness.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AaltoStreamParserTest {
    static final String HEADER = "<stream:stream to='example.com' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en'>";

    static final String CLIENT_STREAM = "<?xml version='1.0'?>\n" + HEADER + "\n"
            + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>\n"
            + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>"
            + "biwsbj1qdWxpZXQscj1vTXNUQUF3QUFBQU1BQUFBTlAwVEFBQUFBQUJQVTBBQQ==</auth>"
            + "<iq type='set' id='bind_1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<resource>balcony</resource></bind></iq>\r\n"
            + "<message to='romeo@example.net/orchard' type='chat' id='m&amp;1' xml:lang='en'>\n"
            + "  <body>Wherefore art thou, Romeo? &lt;3 &amp; \"quotes\" 'apos' &#x263A;&#65;"
            + " \uD83D\uDE00 äöü 中文</body>\n"
            + "  <html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
            + "<p style='font-weight:bold'>Hi <em>there</em>!</p></body></html>\n"
            + "  <active xmlns='http://jabber.org/protocol/chatstates'/>\n"
            + "  <d:delay xmlns:d='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z' from='capulet.com'>"
            + "Offline &amp; stored</d:delay>\n"
            + "</message> \n\t "
            + "<presence><show>away</show><status xml:lang='de'>Bin weg &apos;&quot;&gt;</status>"
            + "<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" node=\"http://code.example/x\""
            + " ver=\"QgayPKawpkPSDYmwT/WM94uAlu0=\"/></presence>"
            + "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>"
            + "<message id='cdata' title='tab&#9;nl&#10;lt&lt;' norm='a\tb'>"
            + "<body><![CDATA[<b>cdata</b> & more]]> tail</body></message>"
            + "</stream:stream>";

    static List<Object> expectedClientEvents() {
        String c = Xml.JABBER_CLIENT;
        String xhtml = "http://www.w3.org/1999/xhtml";
        List<Object> ev = new ArrayList<>();
        ev.add(new Opened(XmlElement.builder("stream", Xml.STREAMS).attribute("to", "example.com")
                .attribute("version", "1.0").attribute("xml:lang", "en").build(), c));
        ev.add(XmlElement.of("starttls", Xml.XMPP_TLS));
        ev.add(XmlElement.builder("auth", Xml.XMPP_SASL).attribute("mechanism", "SCRAM-SHA-1")
                .text("biwsbj1qdWxpZXQscj1vTXNUQUF3QUFBQU1BQUFBTlAwVEFBQUFBQUJQVTBBQQ==").build());
        ev.add(XmlElement.builder("iq", c).attribute("type", "set").attribute("id", "bind_1")
                .child(XmlElement.builder("bind", Xml.XMPP_BIND).textChild("resource", "balcony").build()).build());
        ev.add(XmlElement.builder("message", c).attribute("to", "romeo@example.net/orchard")
                .attribute("type", "chat").attribute("id", "m&1").attribute("xml:lang", "en")
                .text("\n  ")
                .child(XmlElement.builder("body", c)
                        .text("Wherefore art thou, Romeo? <3 & \"quotes\" 'apos' \u263AA"
                                + " \uD83D\uDE00 äöü 中文").build())
                .text("\n  ")
                .child(XmlElement.builder("html", "http://jabber.org/protocol/xhtml-im")
                        .child(XmlElement.builder("body", xhtml)
                                .child(XmlElement.builder("p", xhtml).attribute("style", "font-weight:bold")
                                        .text("Hi ").textChild("em", "there").text("!").build())
                                .build())
                        .build())
                .text("\n  ")
                .child(XmlElement.of("active", "http://jabber.org/protocol/chatstates"))
                .text("\n  ")
                .child(XmlElement.builder("delay", "urn:xmpp:delay").attribute("stamp", "2002-09-10T23:08:25Z")
                        .attribute("from", "capulet.com").text("Offline & stored").build())
                .text("\n")
                .build());
        ev.add(XmlElement.builder("presence", c).textChild("show", "away")
                .child(XmlElement.builder("status", c).attribute("xml:lang", "de").text("Bin weg '\">").build())
                .child(XmlElement.builder("c", "http://jabber.org/protocol/caps").attribute("hash", "sha-1")
                        .attribute("node", "http://code.example/x").attribute("ver", "QgayPKawpkPSDYmwT/WM94uAlu0=")
                        .build())
                .build());
        ev.add(XmlElement.builder("iq", c).attribute("type", "get").attribute("id", "r1")
                .child(XmlElement.of("query", "jabber:iq:roster")).build());
        ev.add(XmlElement.builder("message", c).attribute("id", "cdata").attribute("title", "tab\tnl\nlt<")
                .attribute("norm", "a b")
                .child(XmlElement.builder("body", c).text("<b>cdata</b> & more tail").build()).build());
        ev.add(new Closed());
        return ev;
    }

    @Test
    void parsesRealisticClientStream() {
        Result r = Harness.whole(utf8(CLIENT_STREAM), LIMITS);
        assertNull(r.error());
        List<Object> expected = expectedClientEvents();
        assertEquals(expected.size(), r.events().size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), r.events().get(i), "event " + i);
        }
        // adjacent text (CDATA and the text after it) is one node
        XmlElement cdata = r.elements().get(6);
        assertEquals(1, cdata.firstElement().children().size());
    }

    @Test
    void everyTwoChunkSplitGivesTheSameResult() {
        byte[] data = utf8(CLIENT_STREAM);
        List<Object> expected = expectedClientEvents();
        for (int at = 0; at <= data.length; at++) {
            Result r = Harness.split(data, at, LIMITS);
            assertNull(r.error(), () -> "split at " + r);
            assertEquals(expected, r.events(), "split at " + at);
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameResult() {
        Result r = Harness.bytewise(utf8(CLIENT_STREAM), LIMITS);
        assertNull(r.error());
        assertEquals(expectedClientEvents(), r.events());
    }

    @Test
    void otherChunkSizesGiveTheSameResult() {
        for (int size : new int[] {2, 3, 7, 16, 100, 4096}) {
            Result r = Harness.chunked(utf8(CLIENT_STREAM), size, LIMITS);
            assertNull(r.error());
            assertEquals(expectedClientEvents(), r.events(), "chunk size " + size);
        }
    }

    @Test
    void serializingAndParsingAgainGivesEqualTrees() {
        Result first = Harness.whole(utf8(CLIENT_STREAM), LIMITS);
        StringBuilder again = new StringBuilder(HEADER);
        for (XmlElement e : first.elements()) {
            again.append(e.toXml());
        }
        again.append("</stream:stream>");
        Result second = Harness.bytewise(utf8(again.toString()), LIMITS);
        assertNull(second.error());
        assertEquals(first.events(), second.events());
    }

    @Test
    void prefixedAttributeKeepsItsNamespaceDeclarationSoItSerializes() {
        String in = HEADER + "<message xmlns:p='urn:p'><x xmlns='jabber:x:data' p:a='1' xmlns:q='urn:q'>"
                + "<q:y q:b='2' c='3'/></x></message>";
        Result r = Harness.whole(utf8(in), LIMITS);
        assertNull(r.error());
        XmlElement x = r.elements().get(0).firstElement();
        assertEquals("1", x.attribute("p:a"));
        assertEquals("urn:p", x.attribute("xmlns:p"));
        assertNull(x.attribute("xmlns:q"), "declarations are only kept where an attribute needs them");
        XmlElement y = x.firstElement();
        assertEquals("urn:q", y.namespace());
        assertEquals("urn:q", y.attribute("xmlns:q"));
        Result again = Harness.whole(utf8(HEADER + r.elements().get(0).toXml()), LIMITS);
        assertNull(again.error());
        assertEquals(r.elements(), again.elements());
    }

    @Test
    void headerWithoutXmlDeclarationOrDefaultNamespace() {
        Result r = Harness.whole(utf8("<s:stream xmlns:s='http://etherx.jabber.org/streams' from='a.example'>"
                + "<s:features/>"), LIMITS);
        assertNull(r.error());
        Opened o = (Opened) r.events().get(0);
        assertEquals("", o.contentNamespace());
        assertEquals("a.example", o.header().attribute("from"));
        assertEquals(XmlElement.of("features", Xml.STREAMS), r.events().get(1));
    }

    @Test
    void closingTheStreamCallsStreamClosedAndTrailingWhitespaceIsFine() {
        Result r = Harness.whole(utf8(HEADER + "<presence/></stream:stream>\n  "), LIMITS);
        assertNull(r.error());
        assertEquals(3, r.events().size());
        assertEquals(new Closed(), r.events().get(2));
    }

    @Test
    void completeElementsBeforeAnErrorInTheSameChunkAreDelivered() {
        Result r = Harness.whole(utf8(HEADER + "<presence/><message><!-- no --></message>"), LIMITS);
        assertNotNull(r.error());
        assertEquals(Condition.RESTRICTED_XML, r.error().condition());
        assertEquals(List.of(XmlElement.of("presence", Xml.JABBER_CLIENT)), r.elements());
        byte[] bad = Harness.concat(utf8(HEADER + "<presence/><message><body>"), new byte[] {(byte) 0xC0, (byte) 0x80});
        Result r2 = Harness.whole(bad, LIMITS);
        assertEquals(Condition.NOT_WELL_FORMED, r2.error().condition());
        assertEquals(List.of(XmlElement.of("presence", Xml.JABBER_CLIENT)), r2.elements());
    }

    @Test
    void emptyFeedDoesNothing() throws Exception {
        Harness.Recorder rec = Harness.recorder(LIMITS);
        rec.parser.feed(new byte[0], 0, 0);
        rec.parser.feed(utf8(HEADER), 0, utf8(HEADER).length);
        rec.parser.feed(new byte[3], 3, 0);
        assertEquals(1, rec.events.size());
    }
}
