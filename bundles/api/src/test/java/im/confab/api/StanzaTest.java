package im.confab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import im.confab.api.jid.Jid;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError;
import im.confab.api.stanza.StreamError;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.Test;

import java.util.Base64;

class StanzaTest {
    @Test
    void builderAndSerialization() {
        Stanza m = Stanza.message().type("chat").id("1").to(Jid.parse("b@x.lit")).body("a < b & 'c'").build();
        assertEquals("<message type='chat' id='1' to='b@x.lit'><body>a &lt; b &amp; 'c'</body></message>", m.toXml());
        Stanza stamped = m.withFrom(Jid.parse("a@x.lit/r"));
        assertNotSame(m, stamped);
        assertEquals(Jid.parse("a@x.lit/r"), stamped.from());
        assertEquals("a@x.lit/r", stamped.element().attribute("from"));
        assertEquals(null, m.from()); // the original is unchanged
    }

    @Test
    void copiesOfABroadcastSerialiseTheirOwnAddressesAndTheSharedChildren() {
        Stanza p = Stanza.presence().from(Jid.parse("a@x.lit/r"))
                .child(XmlElement.builder("show", Xml.JABBER_CLIENT).text("away").build())
                .child(XmlElement.builder("c", "http://jabber.org/protocol/caps").attribute("ver", "v&1").build())
                .build();
        String children = "<show>away</show><c xmlns='http://jabber.org/protocol/caps' ver='v&amp;1'/>";
        for (String to : new String[] {"b@x.lit", "c@x.lit", "d@x.lit", "b@x.lit"}) {
            // from the second copy on, the shared children are serialised once and kept
            assertEquals("<presence from='a@x.lit/r' to='" + to + "'>" + children + "</presence>",
                    p.withTo(Jid.parse(to)).toXml());
        }
        XmlElement e = p.withTo(Jid.parse("e@x.lit")).element();
        assertEquals("<presence xmlns='jabber:client' from='a@x.lit/r' to='e@x.lit'>" + children + "</presence>",
                e.toXml(), "on its own, declaring its namespace");
        XmlElement wrapped = XmlElement.builder("forwarded", "urn:xmpp:forward:0").child(e).build();
        assertEquals("<forwarded xmlns='urn:xmpp:forward:0'><presence xmlns='jabber:client' from='a@x.lit/r' "
                + "to='e@x.lit'>" + children + "</presence></forwarded>", wrapped.toXml());
    }

    @Test
    void copiesWhoseKeptChildrenAreOutsideLatin1WriteTheirOwnTagsEscaped() {
        Stanza p = Stanza.presence().from(Jid.parse("a@x.lit/Café & co"))
                .child(XmlElement.builder("status", Xml.JABBER_CLIENT).text("In a meeting — 3 < 4 👍").build())
                .build();
        String children = "<status>In a meeting — 3 &lt; 4 👍</status>";
        for (String to : new String[] {"b@x.lit", "c@x.lit", "d@x.lit/Ü'1"}) {
            // the third copy takes the children's kept text and writes only its tags around it
            assertEquals("<presence from='a@x.lit/Café &amp; co' to='" + to.replace("'", "&apos;") + "'>"
                    + children + "</presence>", p.withTo(Jid.parse(to)).toXml());
        }
        XmlElement e = p.withTo(Jid.parse("e@x.lit")).element();
        assertEquals("<presence xmlns='jabber:client' from='a@x.lit/Café &amp; co' to='e@x.lit'>" + children
                + "</presence>", e.toXml(), "on its own, declaring its namespace");
        assertEquals("<presence from='a@x.lit/Café &amp; co' to='e@x.lit'>" + children + "</presence>",
                e.toXml(Xml.JABBER_CLIENT));
    }

    @Test
    void errorReplySwapsAddressesAndKeepsPayload() {
        Stanza iq = Stanza.iq("get").id("q").from(Jid.parse("a@x.lit/r")).to(Jid.parse("x.lit"))
                .child(XmlElement.of("query", "jabber:iq:version")).build();
        Stanza e = iq.errorReply(StanzaError.Condition.SERVICE_UNAVAILABLE);
        assertEquals("<iq type='error' id='q' from='x.lit' to='a@x.lit/r'><query xmlns='jabber:iq:version'/>"
                + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                e.toXml());
        assertEquals("<iq type='result' id='q' from='x.lit' to='a@x.lit/r'/>", iq.resultReply().toXml());
    }

    @Test
    void parsesHeaderOnceAndRefusesNonStanzas() {
        XmlElement el = XmlElement.builder("presence", Xml.JABBER_CLIENT).attribute("to", "B@X.lit").build();
        assertEquals("b@x.lit", Stanza.of(el).to().toString());
        assertThrows(IllegalArgumentException.class, () -> Stanza.of(XmlElement.of("auth", Xml.XMPP_SASL)));
        assertThrows(IllegalArgumentException.class,
                () -> Stanza.of(XmlElement.builder("message", Xml.JABBER_CLIENT).attribute("to", "@bad").build()));
    }

    @Test
    void streamErrorElement() {
        assertEquals("<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
                StreamError.element(StreamError.Condition.NOT_WELL_FORMED, null).toXml(Xml.JABBER_CLIENT));
    }

    @Test
    void namespacesAreDeclaredOnlyWhereTheyChange() {
        XmlElement q = XmlElement.builder("query", "jabber:iq:roster")
                .child(XmlElement.builder("item", "jabber:iq:roster").attribute("jid", "a@b")
                        .child(XmlElement.builder("group", "jabber:iq:roster").text("x").build()).build())
                .child(XmlElement.of("ext", "urn:other")).build();
        assertEquals("<query xmlns='jabber:iq:roster'><item jid='a@b'><group>x</group></item>"
                + "<ext xmlns='urn:other'/></query>", q.toXml());
    }

    @Test
    void scramDerivationMatchesRfc7677() {
        // RFC 7677 section 3: user 'user', password 'pencil'; the stored key is what the proof verifies against
        ScramCredentials c = Scram.derive(ScramAlgorithm.SHA_256, "pencil",
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        byte[] salted = Scram.saltedPassword(ScramAlgorithm.SHA_256, "pencil",
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        assertEquals("xKSVEDI6tPlSysH6mUQZOeeOp01r6B3fcJbodRPcYV0=", Base64.getEncoder().encodeToString(salted));
        assertEquals(true, Scram.verify(c, "pencil"));
        assertEquals(false, Scram.verify(c, "pencil2"));
    }
}
