package im.confab.sm.vcard.internal;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.MemoryXmlStore;
import im.confab.test.support.RecordingContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;

class VcardHandlerTest {
    private static final String NS = "vcard-temp";
    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static final String JULIET = "juliet@capulet.lit/balcony";
    private static final String ROMEO = "romeo@montague.lit/orchard";

    private final MemoryXmlStore store = new MemoryXmlStore();
    private final RecordingContext ctx = new RecordingContext();
    private final VcardHandler handler = new VcardHandler(store, config(65536));

    /** A configuration as SCR would build it from conf/xmpp.sm.vcard.cfg. */
    static VcardHandler.Config config(int maxSize) {
        return new VcardHandler.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return VcardHandler.Config.class;
            }

            @Override
            public int max_size() {
                return maxSize;
            }
        };
    }

    private static XmlElement vcard(String fn) {
        return XmlElement.builder("vCard", NS).textChild("FN", fn)
                .child(XmlElement.builder("N", NS).textChild("GIVEN", fn).build()).build();
    }

    private static Stanza iq(String type, String from, String to, XmlElement vcard) {
        return Stanza.iq(type).id("v1").from(Jid.parse(from)).to(Jid.parse(to)).child(vcard).build();
    }

    private static Stanza get(String from, String to) {
        return iq("get", from, to, XmlElement.of("vCard", NS));
    }

    private static String error(String type, String condition, String text) {
        return "<error type='" + type + "'><" + condition + " xmlns='" + STANZAS + "'/>"
                + (text == null ? "" : "<text xmlns='" + STANZAS + "' xml:lang='en'>" + text + "</text>")
                + "</error>";
    }

    @Test
    void theOwnerStoresAndAnybodyReads() {
        assertEquals(Outcome.HANDLED, handler.handle(iq("set", JULIET, "juliet@capulet.lit", vcard("Juliet")), ctx));
        handler.handle(get(ROMEO, "juliet@capulet.lit"), ctx);
        handler.handle(get(JULIET, "juliet@capulet.lit"), ctx);

        assertEquals("<iq type='result' id='v1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'/>",
                ctx.sent.get(0).toXml());
        assertEquals("<iq type='result' id='v1' from='juliet@capulet.lit' to='romeo@montague.lit/orchard'>"
                + "<vCard xmlns='vcard-temp'><FN>Juliet</FN><N><GIVEN>Juliet</GIVEN></N></vCard></iq>",
                ctx.sent.get(1).toXml());
        assertEquals("<iq type='result' id='v1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<vCard xmlns='vcard-temp'><FN>Juliet</FN><N><GIVEN>Juliet</GIVEN></N></vCard></iq>",
                ctx.sent.get(2).toXml());
        assertEquals(vcard("Juliet"), store.data.get("juliet|vcard|"));
    }

    @Test
    void theOwnerWithoutAVCardGetsAnEmptyOne() {
        handler.handle(get(JULIET, "juliet@capulet.lit"), ctx);
        assertEquals("<iq type='result' id='v1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<vCard xmlns='vcard-temp'/></iq>", ctx.onlyXml());
    }

    @Test
    void othersAskingForAMissingVCardGetItemNotFoundWhetherTheAccountExistsOrNot() {
        handler.handle(get(ROMEO, "juliet@capulet.lit"), ctx);
        handler.handle(get(ROMEO, "nobody@capulet.lit"), ctx);
        assertEquals("<iq type='error' id='v1' from='juliet@capulet.lit' to='romeo@montague.lit/orchard'>"
                + "<vCard xmlns='vcard-temp'/>" + error("cancel", "item-not-found", null) + "</iq>",
                ctx.sent.get(0).toXml());
        assertEquals(ctx.sent.get(0).toXml().replace("juliet@", "nobody@"), ctx.sent.get(1).toXml());
    }

    @Test
    void aSetReplaces() {
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", vcard("Juliet")), ctx);
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", vcard("Jules")), ctx);
        assertEquals(vcard("Jules"), store.data.get("juliet|vcard|"));
    }

    @Test
    void anEmptySetClearsTheVCard() {
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", vcard("Juliet")), ctx);
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", XmlElement.of("vCard", NS)), ctx);
        handler.handle(get(ROMEO, "juliet@capulet.lit"), ctx);
        handler.handle(get(JULIET, "juliet@capulet.lit"), ctx);
        assertEquals("<iq type='result' id='v1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'/>",
                ctx.sent.get(1).toXml());
        assertFalse(store.data.containsKey("juliet|vcard|"));
        assertEquals("item-not-found", condition(ctx.sent.get(2)));
        assertEquals("<vCard xmlns='vcard-temp'/>", ctx.sent.get(3).payload().toXml());
    }

    @Test
    void settingSomeoneElsesVCardIsForbidden() {
        handler.handle(iq("set", ROMEO, "juliet@capulet.lit", vcard("Romeo was here")), ctx);
        assertEquals("<iq type='error' id='v1' from='juliet@capulet.lit' to='romeo@montague.lit/orchard'>"
                + "<vCard xmlns='vcard-temp'><FN>Romeo was here</FN><N><GIVEN>Romeo was here</GIVEN></N></vCard>"
                + error("auth", "forbidden", null) + "</iq>", ctx.onlyXml());
        assertTrue(store.data.isEmpty());
    }

    @Test
    void theServerDomainIsLeftToTheDefault() {
        assertEquals(Outcome.PASS, handler.handle(get(JULIET, "capulet.lit"), ctx));
        assertEquals(Outcome.PASS, handler.handle(iq("set", JULIET, "capulet.lit", vcard("Capulet")), ctx));
        assertTrue(ctx.sent.isEmpty());
        assertTrue(store.data.isEmpty());
    }

    @Test
    void aVCardLargerThanMaxSizeIsNotAcceptable() {
        XmlElement v = vcard("Juliet");
        int size = v.toXml().length(); // ASCII only
        VcardHandler h = new VcardHandler(store, config(size - 1));
        h.handle(iq("set", JULIET, "juliet@capulet.lit", v), ctx);
        assertEquals("<iq type='error' id='v1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<vCard xmlns='vcard-temp'><FN>Juliet</FN><N><GIVEN>Juliet</GIVEN></N></vCard>"
                + error("modify", "not-acceptable", "vCard larger than " + (size - 1) + " bytes") + "</iq>",
                ctx.onlyXml());
        assertTrue(store.data.isEmpty());

        h.modified(config(size));
        h.handle(iq("set", JULIET, "juliet@capulet.lit", v), ctx);
        assertEquals("result", ctx.sent.get(1).type());
    }

    @Test
    void aStoreFailureIsAnInternalServerError() {
        store.failing = true;
        handler.handle(get(ROMEO, "juliet@capulet.lit"), ctx);
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", vcard("Juliet")), ctx);
        assertEquals("<iq type='error' id='v1' from='juliet@capulet.lit' to='romeo@montague.lit/orchard'>"
                + "<vCard xmlns='vcard-temp'/>" + error("cancel", "internal-server-error", null) + "</iq>",
                ctx.sent.get(0).toXml());
        assertEquals("internal-server-error", condition(ctx.sent.get(1)));
    }

    @Test
    void aBadMaxSizeFailsActivationNamingPidAndKey() {
        String m = assertThrows(IllegalArgumentException.class, () -> new VcardHandler(store, config(0)))
                .getMessage();
        assertEquals("xmpp.sm.vcard: max.size must be at least 1 byte, was 0", m);
        assertThrows(IllegalArgumentException.class, () -> handler.modified(config(-5)));
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", vcard("Juliet")), ctx);
        assertEquals("result", ctx.sent.get(0).type(), "the previous limit stays");
    }

    static String condition(Stanza s) {
        assertEquals("error", s.type());
        return s.element().child("error", "jabber:client").firstElement().name();
    }

    @Test
    void runInlineByConfigurationItLeavesTheStoreToItsQueue() {
        ctx.mayBlock = false; // xmpp.processor.inline = true in its configuration: called on an event loop first
        assertEquals(Outcome.DEFER, handler.handle(iq("set", JULIET, "juliet@capulet.lit", vcard("Juliet")), ctx));
        assertTrue(ctx.sent.isEmpty());
        assertTrue(store.data.isEmpty());
        ctx.mayBlock = true;
        assertEquals(Outcome.HANDLED, handler.handle(iq("set", JULIET, "juliet@capulet.lit", vcard("Juliet")), ctx));
        assertEquals(vcard("Juliet"), store.data.get("juliet|vcard|"));
    }
}
