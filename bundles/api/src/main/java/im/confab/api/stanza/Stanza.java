package im.confab.api.stanza;

import im.confab.api.jid.Jid;
import im.confab.api.jid.JidFormatException;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable stanza: the header (kind, type, id, from, to) parsed once beside the element it came from.
 * Stanza elements are always in the {@code jabber:client} namespace inside the server; s2s maps
 * {@code jabber:server} at its edge. Copies ({@code with*}) share structure with the original.
 */
public final class Stanza {
    private final StanzaKind kind;
    private final String type;
    private final String id;
    private final Jid from;
    private final Jid to;
    private final XmlElement element;
    private volatile String xml;

    private Stanza(StanzaKind kind, String type, String id, Jid from, Jid to, XmlElement element) {
        this.kind = kind;
        this.type = type;
        this.id = id;
        this.from = from;
        this.to = to;
        this.element = element;
    }

    /**
     * Reads the header of a stanza element.
     *
     * @throws IllegalArgumentException if the element is not a stanza
     * @throws JidFormatException if {@code from} or {@code to} is not a valid JID
     */
    public static Stanza of(XmlElement element) {
        StanzaKind kind = StanzaKind.of(element.name());
        if (kind == null || !Xml.JABBER_CLIENT.equals(element.namespace())) {
            throw new IllegalArgumentException("not a stanza: {" + element.namespace() + "}" + element.name());
        }
        String f = element.attribute("from");
        String t = element.attribute("to");
        return new Stanza(kind, element.attribute("type"), element.attribute("id"),
                f == null ? null : Jid.parse(f), t == null ? null : Jid.parse(t), element);
    }

    /** @return the kind */
    public StanzaKind kind() {
        return kind;
    }

    /** @return the type attribute or null */
    public String type() {
        return type;
    }

    /** @return the id attribute or null */
    public String id() {
        return id;
    }

    /** @return the sender or null */
    public Jid from() {
        return from;
    }

    /** @return the addressee or null (the sender's account or server) */
    public Jid to() {
        return to;
    }

    /** @return the whole stanza element */
    public XmlElement element() {
        return element;
    }

    /** @return the first child element (an iq's payload), or null */
    public XmlElement payload() {
        return element.firstElement();
    }

    /** @return true for kind iq */
    public boolean isIq() {
        return kind == StanzaKind.IQ;
    }

    /** @return true for an iq of type get or set, which must be answered */
    public boolean isIqRequest() {
        return kind == StanzaKind.IQ && ("get".equals(type) || "set".equals(type));
    }

    /** @return true for type error */
    public boolean isError() {
        return "error".equals(type);
    }

    /** @return a copy from another sender */
    public Stanza withFrom(Jid newFrom) {
        if (Objects.equals(newFrom, from)) {
            return this;
        }
        return new Stanza(kind, type, id, newFrom, to,
                element.withAttribute("from", newFrom == null ? null : newFrom.toString()));
    }

    /** @return a copy to another addressee */
    public Stanza withTo(Jid newTo) {
        if (Objects.equals(newTo, to)) {
            return this;
        }
        return new Stanza(kind, type, id, from, newTo,
                element.withAttribute("to", newTo == null ? null : newTo.toString()));
    }

    /** @return a copy with both addresses replaced */
    public Stanza withAddresses(Jid newFrom, Jid newTo) {
        return withFrom(newFrom).withTo(newTo);
    }

    /** @return a copy of another type */
    public Stanza withType(String newType) {
        if (Objects.equals(newType, type)) {
            return this;
        }
        return new Stanza(kind, newType, id, from, to, element.withAttribute("type", newType));
    }

    /** @return a copy with another payload (children replaced) */
    public Stanza withPayload(List<? extends XmlNode> children) {
        return new Stanza(kind, type, id, from, to, element.withChildren(children));
    }

    /** @return the empty result answering this iq, from its addressee to its sender */
    public Stanza resultReply() {
        return iq("result").id(id).from(to).to(from).build();
    }

    /** @return the error answering this stanza, with the condition's default type */
    public Stanza errorReply(StanzaError.Condition condition) {
        return errorReply(condition, condition.defaultType(), null);
    }

    /** @return the error answering this stanza with a description */
    public Stanza errorReply(StanzaError.Condition condition, String text) {
        return errorReply(condition, condition.defaultType(), text);
    }

    /**
     * @return the error answering this stanza: addresses swapped, type error, the original payload kept and an
     *         {@code <error/>} added (RFC 6120 8.3.1)
     */
    public Stanza errorReply(StanzaError.Condition condition, StanzaError.Type errorType, String text) {
        XmlElement.Builder b = XmlElement.builder(kind.elementName(), Xml.JABBER_CLIENT)
                .attribute("type", "error").attribute("id", id)
                .attribute("from", to == null ? null : to.toString())
                .attribute("to", from == null ? null : from.toString())
                .attribute("xml:lang", element.attribute("xml:lang"));
        for (XmlNode n : element.children()) {
            if (!(n instanceof XmlElement e && e.is("error", Xml.JABBER_CLIENT))) {
                b.child(n);
            }
        }
        b.child(StanzaError.element(condition, errorType, text));
        return new Stanza(kind, "error", id, to, from, b.build());
    }

    /** @return the serialized stanza for a stream whose default namespace is jabber:client; cached */
    public String toXml() {
        String s = xml;
        if (s == null) {
            xml = s = element.toXml(Xml.JABBER_CLIENT);
        }
        return s;
    }

    @Override
    public String toString() {
        return toXml();
    }

    /** @return a builder of a message */
    public static Builder message() {
        return new Builder(StanzaKind.MESSAGE, null);
    }

    /** @return a builder of a presence */
    public static Builder presence() {
        return new Builder(StanzaKind.PRESENCE, null);
    }

    /** @return a builder of an iq of this type */
    public static Builder iq(String type) {
        return new Builder(StanzaKind.IQ, type);
    }

    /** Builds a stanza; not thread-safe. */
    public static final class Builder {
        private final StanzaKind kind;
        private String type;
        private String id;
        private Jid from;
        private Jid to;
        /** The children so far, made at the first one (replies have none). */
        private List<XmlElement> children;

        private Builder(StanzaKind kind, String type) {
            this.kind = kind;
            this.type = type;
        }

        /** Sets the type. */
        public Builder type(String t) {
            this.type = t;
            return this;
        }

        /** Sets the id. */
        public Builder id(String i) {
            this.id = i;
            return this;
        }

        /** Sets the sender. */
        public Builder from(Jid j) {
            this.from = j;
            return this;
        }

        /** Sets the addressee. */
        public Builder to(Jid j) {
            this.to = j;
            return this;
        }

        /** Appends a child element. */
        public Builder child(XmlElement e) {
            if (children == null) {
                children = new ArrayList<>(4);
            }
            children.add(Objects.requireNonNull(e));
            return this;
        }

        /** Appends a {@code <body/>}. */
        public Builder body(String text) {
            return child(XmlElement.builder("body", Xml.JABBER_CLIENT).text(text).build());
        }

        /** @return the stanza */
        public Stanza build() {
            // one element builder, attributes first: the header goes before the children in document order
            XmlElement.Builder b = XmlElement.builder(kind.elementName(), Xml.JABBER_CLIENT)
                    .attribute("type", type).attribute("id", id)
                    .attribute("from", from == null ? null : from.toString())
                    .attribute("to", to == null ? null : to.toString());
            if (children != null) {
                for (XmlElement c : children) {
                    b.child(c);
                }
            }
            return new Stanza(kind, type, id, from, to, b.build());
        }
    }
}
