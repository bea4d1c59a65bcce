package im.confab.sm.private_.internal;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.MemoryXmlStore;
import im.confab.test.support.RecordingContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;

class PrivateHandlerTest {
    private static final String NS = "jabber:iq:private";
    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static final String JULIET = "juliet@capulet.lit/balcony";

    private final MemoryXmlStore store = new MemoryXmlStore();
    private final RecordingContext ctx = new RecordingContext();
    private final PrivateHandler handler = new PrivateHandler(store, config(65536));

    /** A configuration as SCR would build it from conf/xmpp.sm.private.cfg. */
    static PrivateHandler.Config config(int maxSize) {
        return new PrivateHandler.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PrivateHandler.Config.class;
            }

            @Override
            public int max_size() {
                return maxSize;
            }
        };
    }

    private static Stanza iq(String type, String from, String to, XmlElement... children) {
        XmlElement.Builder q = XmlElement.builder("query", NS);
        for (XmlElement c : children) {
            q.child(c);
        }
        return Stanza.iq(type).id("p1").from(Jid.parse(from)).to(Jid.parse(to)).child(q.build()).build();
    }

    private static XmlElement exodus(String text) {
        return XmlElement.builder("exodus", "exodus:prefs")
                .child(XmlElement.builder("defaultnick", "exodus:prefs").text(text).build()).build();
    }

    private static String error(String type, String condition, String text) {
        return "<error type='" + type + "'><" + condition + " xmlns='" + STANZAS + "'/>"
                + (text == null ? "" : "<text xmlns='" + STANZAS + "' xml:lang='en'>" + text + "</text>")
                + "</error>";
    }

    @Test
    void storesAndReturnsAnElementByItsNamespace() {
        assertEquals(Outcome.HANDLED, handler.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("Hamlet")), ctx));
        handler.handle(iq("get", JULIET, "juliet@capulet.lit", XmlElement.of("exodus", "exodus:prefs")), ctx);

        assertEquals("<iq type='result' id='p1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'/>",
                ctx.sent.get(0).toXml());
        assertEquals("<iq type='result' id='p1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:private'>"
                + "<exodus xmlns='exodus:prefs'><defaultnick>Hamlet</defaultnick></exodus>"
                + "</query></iq>", ctx.sent.get(1).toXml());
        assertEquals(exodus("Hamlet"), store.data.get("juliet|private|exodus:prefs"));
    }

    @Test
    void nothingStoredGivesTheRequestedElementEmpty() {
        XmlElement asked = XmlElement.builder("storage", "storage:bookmarks").attribute("x", "y")
                .child(XmlElement.of("conference", "storage:bookmarks")).build();
        handler.handle(iq("get", JULIET, "juliet@capulet.lit", asked), ctx);
        assertEquals("<iq type='result' id='p1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>",
                ctx.onlyXml());
    }

    @Test
    void theNamespaceAloneIsTheKeyAndASetReplaces() {
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("Hamlet")), ctx);
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("Ophelia")), ctx);
        handler.handle(iq("get", JULIET, "juliet@capulet.lit", XmlElement.of("other", "exodus:prefs")), ctx);
        assertEquals("<query xmlns='jabber:iq:private'>"
                + "<exodus xmlns='exodus:prefs'><defaultnick>Ophelia</defaultnick></exodus></query>",
                ctx.sent.get(2).payload().toXml());
    }

    @Test
    void oneSetMayStoreSeveralNamespaces() {
        XmlElement bookmarks = XmlElement.of("storage", "storage:bookmarks");
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("Hamlet"), bookmarks), ctx);
        assertEquals("result", ctx.sent.get(0).type());
        assertEquals(bookmarks, store.data.get("juliet|private|storage:bookmarks"));
        assertEquals(exodus("Hamlet"), store.data.get("juliet|private|exodus:prefs"));
    }

    @Test
    void eachUserHasTheirOwn() {
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("Hamlet")), ctx);
        handler.handle(iq("get", "romeo@capulet.lit/orchard", "romeo@capulet.lit",
                XmlElement.of("exodus", "exodus:prefs")), ctx);
        assertEquals("<query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query>",
                ctx.sent.get(1).payload().toXml());
    }

    @Test
    void anotherUsersStorageIsForbidden() {
        handler.handle(iq("get", "romeo@capulet.lit/orchard", "juliet@capulet.lit",
                XmlElement.of("exodus", "exodus:prefs")), ctx);
        assertEquals("<iq type='error' id='p1' from='juliet@capulet.lit' to='romeo@capulet.lit/orchard'>"
                + "<query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query>"
                + error("auth", "forbidden", null) + "</iq>", ctx.onlyXml());
    }

    @Test
    void setsForOthersTheServerOrFromAnotherServerAreForbiddenAndStoreNothing() {
        handler.handle(iq("set", "romeo@capulet.lit/orchard", "juliet@capulet.lit", exodus("x")), ctx);
        handler.handle(iq("set", JULIET, "capulet.lit", exodus("x")), ctx);
        handler.handle(iq("set", "juliet@montague.lit/balcony", "juliet@capulet.lit", exodus("x")), ctx);
        handler.handle(iq("set", "capulet.lit", "juliet@capulet.lit", exodus("x")), ctx);
        assertEquals(4, ctx.sent.size());
        ctx.sent.forEach(s -> assertEquals("forbidden", condition(s)));
        assertTrue(store.data.isEmpty());
    }

    @Test
    void aGetOfMoreThanOneElementIsABadRequest() {
        handler.handle(iq("get", JULIET, "juliet@capulet.lit",
                XmlElement.of("exodus", "exodus:prefs"), XmlElement.of("storage", "storage:bookmarks")), ctx);
        assertEquals("<iq type='error' id='p1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:private'>"
                + "<exodus xmlns='exodus:prefs'/><storage xmlns='storage:bookmarks'/></query>"
                + error("modify", "bad-request", "get one element at a time") + "</iq>", ctx.onlyXml());
    }

    @Test
    void anEmptyQueryIsNotAcceptable() {
        handler.handle(iq("get", JULIET, "juliet@capulet.lit"), ctx);
        handler.handle(iq("set", JULIET, "juliet@capulet.lit"), ctx);
        assertEquals("<iq type='error' id='p1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:private'/>"
                + error("modify", "not-acceptable", "name the element to get") + "</iq>", ctx.sent.get(0).toXml());
        assertEquals("<iq type='error' id='p1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:private'/>"
                + error("modify", "not-acceptable", "nothing to store") + "</iq>", ctx.sent.get(1).toXml());
    }

    @Test
    void reservedNamespacesAreNotAcceptable() {
        // a child without its own xmlns inherits jabber:iq:private
        handler.handle(iq("get", JULIET, "juliet@capulet.lit", XmlElement.of("prefs", NS)), ctx);
        assertEquals("<iq type='error' id='p1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:private'><prefs/></query>"
                + error("modify", "not-acceptable", "namespace 'jabber:iq:private' is reserved")
                + "</iq>", ctx.onlyXml());

        handler.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("ok"), XmlElement.of("body", "jabber:client")),
                ctx);
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", XmlElement.of("x", "")), ctx);
        handler.handle(iq("get", JULIET, "juliet@capulet.lit", XmlElement.of("x", "jabber:server")), ctx);
        assertEquals("not-acceptable", condition(ctx.sent.get(1)));
        assertEquals("not-acceptable", condition(ctx.sent.get(2)));
        assertEquals("not-acceptable", condition(ctx.sent.get(3)));
        assertTrue(store.data.isEmpty(), "nothing of a refused set is stored");
    }

    @Test
    void twoElementsOfOneNamespaceInOneSetAreRefused() {
        handler.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("a"), exodus("b")), ctx);
        assertEquals(error("modify", "not-acceptable", "one element per namespace"),
                ctx.onlyXml().replaceFirst(".*</query>", "").replace("</iq>", ""));
        assertTrue(store.data.isEmpty());
    }

    @Test
    void anElementLargerThanMaxSizeIsNotAcceptable() {
        XmlElement fits = XmlElement.builder("n", "x:y").text("é".repeat(10)).build(); // <n xmlns='x:y'> = 15 + 20 + 4
        assertEquals(39, im.confab.api.xml.Xml.utf8Length(fits.toXml()));
        PrivateHandler h = new PrivateHandler(store, config(39));
        h.handle(iq("set", JULIET, "juliet@capulet.lit", fits), ctx);
        h.handle(iq("set", JULIET, "juliet@capulet.lit",
                XmlElement.builder("n", "x:y").text("é".repeat(10) + "a").build()), ctx);
        assertEquals("result", ctx.sent.get(0).type());
        assertEquals("<iq type='error' id='p1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:private'><n xmlns='x:y'>ééééééééééa</n></query>"
                + error("modify", "not-acceptable", "larger than 39 bytes") + "</iq>", ctx.sent.get(1).toXml());
        assertEquals(fits, store.data.get("juliet|private|x:y"));
    }

    @Test
    void aStoreFailureIsAnInternalServerError() {
        store.failing = true;
        handler.handle(iq("get", JULIET, "juliet@capulet.lit", XmlElement.of("exodus", "exodus:prefs")), ctx);
        assertEquals("<iq type='error' id='p1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:private'><exodus xmlns='exodus:prefs'/></query>"
                + error("cancel", "internal-server-error", null) + "</iq>", ctx.onlyXml());
    }

    @Test
    void aBadMaxSizeFailsActivationAndABadModificationKeepsTheLimit() {
        String m = assertThrows(IllegalArgumentException.class, () -> new PrivateHandler(store, config(0)))
                .getMessage();
        assertEquals("xmpp.sm.private: max.size must be at least 1 byte, was 0", m);

        PrivateHandler h = new PrivateHandler(store, config(10));
        assertThrows(IllegalArgumentException.class, () -> h.modified(config(-1)));
        h.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("Hamlet")), ctx);
        assertEquals("not-acceptable", condition(ctx.sent.get(0)));
        h.modified(config(1000));
        h.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("Hamlet")), ctx);
        assertEquals("result", ctx.sent.get(1).type());
    }

    @Test
    void utf8LengthCountsSurrogatePairsAsFourBytes() {
        assertEquals(0, im.confab.api.xml.Xml.utf8Length(""));
        assertEquals(1 + 2 + 3 + 4, im.confab.api.xml.Xml.utf8Length("aé€😀"));
        assertEquals("aé€😀".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, im.confab.api.xml.Xml.utf8Length("aé€😀"));
        assertEquals(3, im.confab.api.xml.Xml.utf8Length("\uD800")); // unpaired: encoded as the replacement character
    }

    static String condition(Stanza s) {
        assertEquals("error", s.type());
        return s.element().child("error", "jabber:client").firstElement().name();
    }

    @Test
    void runInlineByConfigurationItLeavesTheStoreToItsQueue() {
        ctx.mayBlock = false; // xmpp.processor.inline = true in its configuration: called on an event loop first
        assertEquals(Outcome.DEFER, handler.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("Hamlet")), ctx));
        assertTrue(ctx.sent.isEmpty());
        assertTrue(store.data.isEmpty());
        ctx.mayBlock = true;
        assertEquals(Outcome.HANDLED, handler.handle(iq("set", JULIET, "juliet@capulet.lit", exodus("Hamlet")), ctx));
        assertEquals(exodus("Hamlet"), store.data.get("juliet|private|exodus:prefs"));
    }
}
