package im.confab.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StreamError;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import org.junit.jupiter.api.Test;

/** Elements read back from storage: the serializer's output parses to an equal tree, and nothing else does. */
class ParseElementTest {
    final AaltoStreamParserFactory factory = new AaltoStreamParserFactory();

    @Test
    void roundTripsWhatTheSerializerWrites() throws Exception {
        XmlElement vcard = XmlElement.builder("vCard", "vcard-temp").textChild("FN", "Ève <& 'x'> 🙂")
                .child(XmlElement.builder("x", "urn:other").attribute("xml:lang", "fr").build()).build();
        assertEquals(vcard, factory.parseElement(vcard.toXml()));
        Stanza m = Stanza.message().type("chat").id("1").body("hi").build();
        assertEquals(m.element(), factory.parseElement(m.element().toXml()));
    }

    @Test
    void refusesTwoElementsAndRestrictedXml() {
        assertEquals(StreamError.Condition.BAD_FORMAT,
                assertThrows(XmlStreamException.class, () -> factory.parseElement("<a xmlns='x'/><b xmlns='x'/>"))
                        .condition());
        assertThrows(XmlStreamException.class, () -> factory.parseElement("<a xmlns='x'><!-- c --></a>"));
        assertThrows(XmlStreamException.class, () -> factory.parseElement("<a xmlns='x'>"));
    }
}
