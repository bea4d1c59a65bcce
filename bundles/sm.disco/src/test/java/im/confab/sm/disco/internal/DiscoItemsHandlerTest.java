package im.confab.sm.disco.internal;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.RecordingContext;
import static im.confab.sm.disco.internal.DiscoInfoHandlerTest.errorCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DiscoItemsHandlerTest {
    private static final String ITEMS = "http://jabber.org/protocol/disco#items";

    private final DiscoItemsHandler handler = new DiscoItemsHandler();
    private final RecordingContext ctx = new RecordingContext();

    private static Stanza items(String from, String to, String node) {
        XmlElement query = XmlElement.builder("query", ITEMS).attribute("node", node).build();
        return Stanza.iq("get").id("d1").from(Jid.parse(from)).to(Jid.parse(to)).child(query).build();
    }

    @Test
    void serverHasNoItemsYet() {
        assertEquals(Outcome.HANDLED, handler.handle(items("juliet@capulet.lit/balcony", "capulet.lit", null), ctx));
        assertEquals("<iq type='result' id='d1' from='capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='" + ITEMS + "'/></iq>", ctx.onlyXml());
    }

    @Test
    void ownerAsksItsAccount() {
        handler.handle(items("juliet@capulet.lit/balcony", "juliet@capulet.lit", null), ctx);
        assertEquals("<iq type='result' id='d1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='" + ITEMS + "'/></iq>", ctx.onlyXml());
    }

    @Test
    void strangerAskingAnAccountGetsServiceUnavailable() {
        handler.handle(items("romeo@montague.lit/orchard", "juliet@capulet.lit", null), ctx);
        assertEquals("service-unavailable", errorCondition(ctx.sent.get(0)));
    }

    @Test
    void unknownNodeIsItemNotFound() {
        handler.handle(items("juliet@capulet.lit/balcony", "capulet.lit", "http://jabber.org/protocol/commands"), ctx);
        assertEquals("<iq type='error' id='d1' from='capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='" + ITEMS + "' node='http://jabber.org/protocol/commands'/>"
                + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                + "</iq>", ctx.onlyXml());
    }
}
