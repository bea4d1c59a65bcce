package im.confab.api.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlElementTest {
    private static XmlElement message() {
        return XmlElement.builder("message", Xml.JABBER_CLIENT).attribute("type", "chat").attribute("id", "1")
                .attribute("to", "b@x.lit").textChild("body", "hi").build();
    }

    @Test
    void withAttributeReplacesInPlaceAddsAtTheEndAndRemoves() {
        XmlElement m = message();
        XmlElement replaced = m.withAttribute("id", "2");
        assertEquals("<message type='chat' id='2' to='b@x.lit'><body>hi</body></message>",
                replaced.toXml(Xml.JABBER_CLIENT));
        XmlElement added = m.withAttribute("from", "a@x.lit/r");
        assertEquals("<message type='chat' id='1' to='b@x.lit' from='a@x.lit/r'><body>hi</body></message>",
                added.toXml(Xml.JABBER_CLIENT));
        XmlElement removed = added.withAttribute("type", null).withAttribute("to", null);
        assertEquals("<message id='1' from='a@x.lit/r'><body>hi</body></message>", removed.toXml(Xml.JABBER_CLIENT));
        assertEquals("<message type='chat' id='1' to='b@x.lit'><body>hi</body></message>",
                m.toXml(Xml.JABBER_CLIENT), "the original is unchanged");
        assertSame(m, m.withAttribute("id", "1"));
        assertSame(m, m.withAttribute("absent", null));
        assertSame(m.children(), added.children(), "copies share the children");
        assertEquals(Map.of("id", "1", "from", "a@x.lit/r"), removed.attributes());
    }

    @Test
    void aBuilderChangedAfterBuildDoesNotChangeTheElement() {
        XmlElement.Builder b = XmlElement.builder("iq", Xml.JABBER_CLIENT).attribute("type", "get")
                .child(XmlElement.of("ping", "urn:xmpp:ping"));
        XmlElement first = b.build();
        b.attribute("type", "set").attribute("id", "x").text("more");
        XmlElement second = b.build();
        b.attribute("id", "y").child(XmlElement.of("z", ""));
        assertEquals("<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>", first.toXml(Xml.JABBER_CLIENT));
        assertEquals("<iq type='set' id='x'><ping xmlns='urn:xmpp:ping'/>more</iq>", second.toXml(Xml.JABBER_CLIENT));
        assertEquals(1, first.children().size());
        assertEquals(2, second.children().size());
        assertEquals(3, b.childCount());
    }

    @Test
    void toBuilderCopiesOnWrite() {
        XmlElement m = message();
        XmlElement same = m.toBuilder().build();
        assertEquals(m, same);
        XmlElement changed = m.toBuilder().attribute("id", "9").attribute("xml:lang", "en")
                .child(XmlElement.of("active", "http://jabber.org/protocol/chatstates")).build();
        assertEquals("<message type='chat' id='9' to='b@x.lit' xml:lang='en'><body>hi</body>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>", changed.toXml(Xml.JABBER_CLIENT));
        assertEquals("<message type='chat' id='1' to='b@x.lit'><body>hi</body></message>", m.toXml(Xml.JABBER_CLIENT));
    }

    @Test
    void collectionsAreUnmodifiable() {
        XmlElement m = message().withChild(new XmlText("tail"));
        assertThrows(UnsupportedOperationException.class, () -> m.children().add(new XmlText("x")));
        assertThrows(UnsupportedOperationException.class, () -> m.children().remove(0));
        assertThrows(UnsupportedOperationException.class, () -> m.elements().clear());
        assertThrows(UnsupportedOperationException.class, () -> m.attributes().put("a", "b"));
        assertThrows(UnsupportedOperationException.class, () -> m.attributes().entrySet().clear());
        assertThrows(UnsupportedOperationException.class,
                () -> m.attributes().entrySet().iterator().next().setValue("x"));
        XmlElement plain = message();
        assertThrows(UnsupportedOperationException.class, () -> plain.elements().set(0, null));
    }

    @Test
    void elementsFiltersText() {
        XmlElement e = XmlElement.builder("a", "").text("x").child(XmlElement.of("b", "")).text("y")
                .child(XmlElement.of("c", "")).build();
        assertEquals(List.of(XmlElement.of("b", ""), XmlElement.of("c", "")), e.elements());
        assertEquals(4, e.children().size());
        assertEquals("xy", e.text());
        XmlElement only = XmlElement.builder("a", "").child(XmlElement.of("b", "")).build();
        assertSame(only.children(), only.elements(), "no copy when every child is an element");
        assertEquals(List.of(), XmlElement.of("a", "").elements());
    }

    @Test
    void attributesMapKeepsDocumentOrderAndMapSemantics() {
        XmlElement e = XmlElement.builder("x", "").attribute("c", "3").attribute("a", "1").attribute("b", "2")
                .attribute("a", "one").build();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("c", "3");
        expected.put("a", "one");
        expected.put("b", "2");
        assertEquals(expected, e.attributes());
        assertEquals(expected.hashCode(), e.attributes().hashCode());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(e.attributes().keySet()));
        assertEquals("one", e.attributes().get("a"));
        assertNull(e.attributes().get("z"));
        assertEquals(Map.of(), XmlElement.of("x", "").attributes());
    }

    @Test
    void equalityIgnoresAttributeOrder() {
        XmlElement a = XmlElement.builder("x", "ns").attribute("p", "1").attribute("q", "2").build();
        XmlElement b = XmlElement.builder("x", "ns").attribute("q", "2").attribute("p", "1").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, b.withAttribute("q", "3"));
        assertNotEquals(a, b.withAttribute("r", "3"));
        assertNotEquals(a, a.withChild(new XmlText("t")));
    }

    @Test
    void manyAttributesStayUniqueAndFindable() {
        XmlElement.Builder b = XmlElement.builder("x", "");
        for (int i = 0; i < 500; i++) {
            b.attribute("a" + i, "v" + i);
        }
        for (int i = 0; i < 500; i += 7) {
            b.attribute("a" + i, "w" + i);
        }
        XmlElement e = b.build();
        assertEquals(500, e.attributes().size());
        assertEquals("w7", e.attribute("a7"));
        assertEquals("v8", e.attribute("a8"));
        XmlElement more = e.toBuilder().attribute("a499", "last").attribute("new", "n").build();
        assertEquals(501, more.attributes().size());
        assertEquals("last", more.attribute("a499"));
        assertEquals("v499", e.attribute("a499"));
        assertTrue(more.toXml().endsWith(" a499='last' new='n'/>"));
    }

    @Test
    void escapesTextAndAttributesAnywhereInTheValue() {
        XmlElement e = XmlElement.builder("x", "").attribute("a", "'q'\"&<>\n\r\tend").attribute("b", "plain")
                .text("<a & b>").child(XmlElement.builder("y", "").text("ok ümlaut 👍 &").build()).build();
        assertEquals("<x a='&apos;q&apos;&quot;&amp;&lt;&gt;&#xA;&#xD;&#x9;end' b='plain'>&lt;a &amp; b&gt;"
                + "<y>ok ümlaut 👍 &amp;</y></x>", e.toXml());
        StringBuilder sb = new StringBuilder();
        Xml.escapeText(new StringBuilder("a<b"), sb);
        Xml.escapeAttribute("", sb);
        Xml.escapeAttribute("&", sb);
        assertEquals("a&lt;b&amp;", sb.toString());
    }

    @Test
    void largeTreesSerialiseWhole() {
        XmlElement.Builder q = XmlElement.builder("query", "jabber:iq:roster").attribute("ver", "42");
        StringBuilder expected = new StringBuilder("<iq type='result'><query xmlns='jabber:iq:roster' ver='42'>");
        for (int i = 0; i < 200; i++) {
            String name = i % 3 == 0 ? "Иван & " + i : "n" + i;
            q.child(XmlElement.builder("item", "jabber:iq:roster").attribute("jid", "c" + i + "@x.lit")
                    .attribute("name", name).textChild("group", "G<" + i).build());
            expected.append("<item jid='c").append(i).append("@x.lit' name='").append(name.replace("&", "&amp;"))
                    .append("'><group>G&lt;").append(i).append("</group></item>");
        }
        expected.append("</query></iq>");
        XmlElement iq = XmlElement.builder("iq", Xml.JABBER_CLIENT).attribute("type", "result").child(q.build())
                .build();
        assertEquals(expected.toString(), iq.toXml(Xml.JABBER_CLIENT));
        assertEquals(expected.toString().replace("<iq ", "<iq xmlns='jabber:client' "), iq.toXml());
    }

    @Test
    void withChildrenCopiesMutableListsAndSharesImmutableOnes() {
        XmlElement m = message();
        List<XmlNode> list = new ArrayList<>(m.children());
        XmlElement copy = XmlElement.of("message", Xml.JABBER_CLIENT).withChildren(list);
        list.clear();
        assertEquals(1, copy.children().size());
        XmlElement shared = XmlElement.of("message", Xml.JABBER_CLIENT).withChildren(m.children());
        assertSame(m.children(), shared.children());
        assertThrows(NullPointerException.class, () -> m.withChildren(java.util.Arrays.asList((XmlNode) null)));
    }
}
