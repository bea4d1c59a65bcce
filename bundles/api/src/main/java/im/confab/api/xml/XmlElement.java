package im.confab.api.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable XML element: a local name, a namespace URI, attributes by qualified name
 * ({@code xml:lang} keeps its prefix) and children. Namespace prefixes of the input are not kept:
 * the serializer writes default-namespace declarations where the namespace changes, and elements of
 * {@link Xml#STREAMS} with the {@code stream:} prefix.
 */
public final class XmlElement implements XmlNode {
    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<XmlNode> children;
    private volatile String xml;

    private XmlElement(String name, String namespace, Map<String, String> attributes, List<XmlNode> children) {
        this.name = name;
        this.namespace = namespace;
        this.attributes = attributes;
        this.children = children;
    }

    /** An empty element. */
    public static XmlElement of(String name, String namespace) {
        return new XmlElement(requireName(name), Objects.requireNonNullElse(namespace, ""), Map.of(), List.of());
    }

    /** A builder for an element. */
    public static Builder builder(String name, String namespace) {
        return new Builder(requireName(name), Objects.requireNonNullElse(namespace, ""));
    }

    /** @return a builder holding a copy of this element */
    public Builder toBuilder() {
        Builder b = new Builder(name, namespace);
        b.attributes.putAll(attributes);
        b.children.addAll(children);
        return b;
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("element name is empty");
        }
        return name;
    }

    /** @return the local name */
    public String name() {
        return name;
    }

    /** @return the namespace URI, empty for none */
    public String namespace() {
        return namespace;
    }

    /** @return true if the element has this name and namespace */
    public boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    /** @return the attribute value or {@code null} */
    public String attribute(String qname) {
        return attributes.get(qname);
    }

    /** @return all attributes, unmodifiable, in document order */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** @return all children, unmodifiable */
    public List<XmlNode> children() {
        return children;
    }

    /** @return the child elements, unmodifiable */
    public List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>(children.size());
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** @return the first child element, or {@code null} */
    public XmlElement firstElement() {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                return e;
            }
        }
        return null;
    }

    /** @return the first child element with this name and namespace, or {@code null} */
    public XmlElement child(String name, String namespace) {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.is(name, namespace)) {
                return e;
            }
        }
        return null;
    }

    /** @return the text of the first child element with this name in this element's namespace, or null */
    public String childText(String name) {
        XmlElement c = child(name, namespace);
        return c == null ? null : c.text();
    }

    /** @return the concatenated character data directly inside this element */
    public String text() {
        StringBuilder sb = null;
        String single = null;
        for (XmlNode n : children) {
            if (n instanceof XmlText t) {
                if (single == null) {
                    single = t.text();
                } else {
                    if (sb == null) {
                        sb = new StringBuilder(single);
                    }
                    sb.append(t.text());
                }
            }
        }
        return sb != null ? sb.toString() : single == null ? "" : single;
    }

    /** @return a copy with the attribute set, or removed when {@code value} is null */
    public XmlElement withAttribute(String qname, String value) {
        if (Objects.equals(attributes.get(qname), value)) {
            return this;
        }
        Map<String, String> m = new LinkedHashMap<>(attributes);
        if (value == null) {
            m.remove(qname);
        } else {
            m.put(qname, value);
        }
        return new XmlElement(name, namespace, Collections.unmodifiableMap(m), children);
    }

    /** @return a copy with these children (shared, not copied, when already immutable) */
    public XmlElement withChildren(List<? extends XmlNode> newChildren) {
        return new XmlElement(name, namespace, attributes, List.copyOf(newChildren));
    }

    /** @return a copy with one more child at the end */
    public XmlElement withChild(XmlNode child) {
        List<XmlNode> l = new ArrayList<>(children.size() + 1);
        l.addAll(children);
        l.add(Objects.requireNonNull(child));
        return new XmlElement(name, namespace, attributes, Collections.unmodifiableList(l));
    }

    /** @return this element serialized on its own, declaring its namespace; cached */
    public String toXml() {
        String s = xml;
        if (s == null) {
            StringBuilder sb = new StringBuilder(64);
            writeTo(sb, null);
            xml = s = sb.toString();
        }
        return s;
    }

    /** @return this element serialized inside a context whose default namespace is {@code inheritedNamespace} */
    public String toXml(String inheritedNamespace) {
        if (inheritedNamespace == null) {
            return toXml();
        }
        StringBuilder sb = new StringBuilder(64);
        writeTo(sb, inheritedNamespace);
        return sb.toString();
    }

    @Override
    public void writeTo(StringBuilder out, String inheritedNamespace) {
        boolean stream = Xml.STREAMS.equals(namespace);
        out.append('<');
        if (stream) {
            out.append("stream:");
        }
        out.append(name);
        String scope = inheritedNamespace;
        if (!stream && !namespace.equals(inheritedNamespace == null ? "" : inheritedNamespace)) {
            out.append(" xmlns='");
            Xml.escapeAttribute(namespace, out);
            out.append('\'');
            scope = namespace;
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            out.append(' ').append(a.getKey()).append("='");
            Xml.escapeAttribute(a.getValue(), out);
            out.append('\'');
        }
        if (children.isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (XmlNode n : children) {
            n.writeTo(out, scope);
        }
        out.append("</");
        if (stream) {
            out.append("stream:");
        }
        out.append(name).append('>');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XmlElement e && e.name.equals(name) && e.namespace.equals(namespace)
                && e.attributes.equals(attributes) && e.children.equals(children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, attributes, children);
    }

    @Override
    public String toString() {
        return toXml();
    }

    /** Builds an {@link XmlElement}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<XmlNode> children = new ArrayList<>();

        private Builder(String name, String namespace) {
            this.name = name;
            this.namespace = namespace;
        }

        /** Sets an attribute; a null value is ignored. */
        public Builder attribute(String qname, String value) {
            if (value != null) {
                attributes.put(qname, value);
            }
            return this;
        }

        /** Appends a child node. */
        public Builder child(XmlNode node) {
            children.add(Objects.requireNonNull(node));
            return this;
        }

        /** Appends character data; empty text is ignored. */
        public Builder text(String text) {
            if (text != null && !text.isEmpty()) {
                children.add(new XmlText(text));
            }
            return this;
        }

        /** Appends a child element holding only text, in this element's namespace. */
        public Builder textChild(String childName, String text) {
            return child(XmlElement.builder(childName, namespace).text(text).build());
        }

        /** @return the number of children added so far */
        public int childCount() {
            return children.size();
        }

        /** @return the immutable element */
        public XmlElement build() {
            return new XmlElement(name, namespace,
                    attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes)),
                    List.copyOf(children));
        }
    }
}
