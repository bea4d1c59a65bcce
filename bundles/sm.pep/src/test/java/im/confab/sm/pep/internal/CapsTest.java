package im.confab.sm.pep.internal;

import im.confab.api.jid.Jid;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapsTest {
    private static final String DISCO = Caps.DISCO_INFO;
    private static final String DATA = "jabber:x:data";

    private static XmlElement identity(String category, String type, String lang, String name) {
        return XmlElement.builder("identity", DISCO).attribute("category", category).attribute("type", type)
                .attribute("xml:lang", lang).attribute("name", name).build();
    }

    private static XmlElement feature(String var) {
        return XmlElement.builder("feature", DISCO).attribute("var", var).build();
    }

    private static XmlElement field(String var, String... values) {
        XmlElement.Builder f = XmlElement.builder("field", DATA).attribute("var", var);
        for (String v : values) {
            f.child(XmlElement.builder("value", DATA).text(v).build());
        }
        return f.build();
    }

    @Test
    void theSimpleTestVectorOfXep0115Verifies() {
        XmlElement q = XmlElement.builder("query", DISCO).child(feature("http://jabber.org/protocol/muc"))
                .child(identity("client", "pc", null, "Exodus 0.9.1"))
                .child(feature("http://jabber.org/protocol/caps")).child(feature("http://jabber.org/protocol/disco#info"))
                .child(feature("http://jabber.org/protocol/disco#items")).build();
        assertEquals("QgayPKawpkPSDYmwT/WM94uAlu0=", Caps.verString(q, "sha-1"));
        assertTrue(new Caps("http://code.google.com/p/exodus", "QgayPKawpkPSDYmwT/WM94uAlu0=", "sha-1").verifies(q));
        assertFalse(new Caps("http://code.google.com/p/exodus", "QgayPKawpkPSDYmwT/WM94uAlu1=", "sha-1").verifies(q));
    }

    @Test
    void theComplexTestVectorWithLanguagesAndAFormVerifies() {
        XmlElement form = XmlElement.builder("x", DATA).attribute("type", "result")
                .child(field("FORM_TYPE", "urn:xmpp:dataforms:softwareinfo"))
                .child(field("ip_version", "ipv6", "ipv4")).child(field("os", "Mac"))
                .child(field("os_version", "10.5.1")).child(field("software", "Psi"))
                .child(field("software_version", "0.11")).build();
        XmlElement q = XmlElement.builder("query", DISCO)
                .child(identity("client", "pc", "en", "Psi 0.11")).child(identity("client", "pc", "el", "Ψ 0.11"))
                .child(feature("http://jabber.org/protocol/disco#items"))
                .child(feature("http://jabber.org/protocol/caps")).child(feature("http://jabber.org/protocol/muc"))
                .child(feature("http://jabber.org/protocol/disco#info")).child(form).build();
        assertEquals("q07IKJEyjvHSyhy//CH0CxmKi8w=", Caps.verString(q, "sha-1"));
    }

    @Test
    void duplicatesOrAnUnknownHashNeverVerify() {
        XmlElement q = XmlElement.builder("query", DISCO).child(feature("a")).child(feature("a")).build();
        assertNull(Caps.verString(q, "sha-1"));
        assertNull(Caps.verString(XmlElement.of("query", DISCO), "md4"));
        assertFalse(new Caps("n", "v", null).verifies(q), "the legacy form has nothing to verify");
    }

    @Test
    void capsAreReadFromPresence() {
        Stanza p = Fixtures.presence("romeo@capulet.lit/orchard", null, XmlElement.builder("c", Caps.NS)
                .attribute("hash", "SHA-1").attribute("node", "n").attribute("ver", "v").build());
        assertEquals(new Caps("n", "v", "sha-1"), Caps.of(p));
        assertEquals("sha-1|v", Caps.of(p).key());
        assertEquals("n#v", Caps.of(p).discoNode());
        assertNull(Caps.of(Fixtures.presence("romeo@capulet.lit/orchard", null)));
        assertEquals("legacy|n#v", new Caps("n", "v", null).key());
    }

    @Test
    void oneQueryPerVerAndOnlyVerifiedAnswersAreCached() {
        CapsCache cache = new CapsCache(10);
        XmlElement caps = Fixtures.caps("urn:xmpp:mood+notify");
        Caps c = new Caps(caps.attribute("node"), caps.attribute("ver"), "sha-1");
        AtomicInteger asked = new AtomicInteger();
        CompletableFuture<Stanza> answer = new CompletableFuture<>();
        CapsCache.Query q = x -> {
            asked.incrementAndGet();
            return answer;
        };
        var first = cache.resolve(c, q).toCompletableFuture();
        var second = cache.resolve(c, q).toCompletableFuture();
        assertEquals(1, asked.get());
        assertFalse(first.isDone());
        Stanza request = Stanza.iq("get").id("1").from(Jid.parse("capulet.lit")).to(Jid.parse("a@capulet.lit/r"))
                .build();
        answer.complete(request.resultReply().withPayload(java.util.List.of(
                Fixtures.query(c.discoNode(), "urn:xmpp:mood+notify"))));
        assertEquals(Set.of("urn:xmpp:mood+notify"), first.join());
        assertEquals(first.join(), second.join());
        assertEquals(Set.of("urn:xmpp:mood+notify"), cache.known(c.key()));
        cache.resolve(c, q);
        assertEquals(1, asked.get(), "answered from the cache");

        Caps liar = new Caps("n", "bogus=", "sha-1");
        var lie = cache.resolve(liar, x -> CompletableFuture.completedFuture(request.resultReply()
                .withPayload(java.util.List.of(Fixtures.query("n#bogus=", "x+notify"))))).toCompletableFuture();
        assertEquals(Set.of("x+notify"), lie.join(), "used for this one answer");
        assertNull(cache.known(liar.key()), "but not cached");

        Caps failing = new Caps("n", "e", "sha-1");
        var err = cache.resolve(failing, x -> CompletableFuture.completedFuture(
                request.errorReply(im.confab.api.stanza.StanzaError.Condition.ITEM_NOT_FOUND))).toCompletableFuture();
        assertEquals(Set.of(), err.join());
        assertNull(cache.known(failing.key()));
    }
}
