package im.confab.api.xml;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable XML element: a local name, a namespace URI, attributes by qualified name
 * ({@code xml:lang} keeps its prefix) and children. Namespace prefixes of the input are not kept:
 * the serializer writes default-namespace declarations where the namespace changes, and elements of
 * {@link Xml#STREAMS} with the {@code stream:} prefix.
 *
 * <p>Copies ({@code with*}) share structure: the attributes are one small array of names and values, so
 * {@link #withAttribute} copies only that array, and the children list is shared as it is.
 */
public final class XmlElement implements XmlNode {
    private static final String[] NO_ATTRIBUTES = new String[0];
    private static final XmlNode[] NO_NODES = new XmlNode[0];

    private final String name;
    private final String namespace;
    /**
     * Attribute names (even indexes) and values (odd indexes) in document order; only the first
     * {@link #attrLength} slots are used. Never written once the element exists.
     */
    private final String[] attrs;
    private final int attrLength;
    private final NodeList<XmlNode> children;
    /** Estimated serialised length in chars, without this element's own namespace declaration. */
    private final int hint;
    private volatile String xml;

    private XmlElement(String name, String namespace, String[] attrs, int attrLength, NodeList<XmlNode> children) {
        this.name = name;
        this.namespace = namespace;
        this.attrs = attrs;
        this.attrLength = attrLength;
        this.children = children;
        boolean stream = Xml.STREAMS.equals(namespace);
        long h = 1 + name.length() + (stream ? 7 : 0);                  // <name, <stream:name
        for (int i = 0; i < attrLength; i += 2) {
            h += 4 + attrs[i].length() + attrs[i + 1].length();         //  qname='value'
        }
        h += children.size == 0 ? 2 : 4 + name.length() + (stream ? 7 : 0) + children.hint;
        this.hint = (int) Math.min(h, Integer.MAX_VALUE >> 2);
    }

    /** An empty element. */
    public static XmlElement of(String name, String namespace) {
        return new XmlElement(requireName(name), Objects.requireNonNullElse(namespace, ""), NO_ATTRIBUTES, 0,
                NodeList.EMPTY);
    }

    /** A builder for an element. */
    public static Builder builder(String name, String namespace) {
        return new Builder(requireName(name), Objects.requireNonNullElse(namespace, ""));
    }

    /** @return a builder holding a copy of this element */
    public Builder toBuilder() {
        // the builder shares this element's arrays and copies them before its first change
        Builder b = new Builder(name, namespace);
        b.attrs = attrs;
        b.attrLength = attrLength;
        b.nodes = children.nodes;
        b.nodeCount = children.size;
        b.shared = true;
        if (attrLength > Builder.INDEX_FROM) {
            b.index();
        }
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
        int i = indexOf(attrs, attrLength, qname);
        return i < 0 ? null : attrs[i + 1];
    }

    private static int indexOf(String[] attrs, int length, String qname) {
        for (int i = 0; i < length; i += 2) {
            if (attrs[i].equals(qname)) {
                return i;
            }
        }
        return -1;
    }

    /** @return all attributes, an unmodifiable view in document order */
    public Map<String, String> attributes() {
        return attrLength == 0 ? Map.of() : new AttributeMap(attrs, attrLength);
    }

    /** @return all children, unmodifiable */
    public List<XmlNode> children() {
        return children;
    }

    /** @return the child elements, unmodifiable */
    public List<XmlElement> elements() {
        if (children.onlyElements) {
            // every node is an element, and the list is immutable: it can be handed out as a list of elements
            @SuppressWarnings("unchecked")
            List<XmlElement> all = (List<XmlElement>) (List<? extends XmlNode>) children;
            return all;
        }
        XmlNode[] out = new XmlNode[children.size];
        int n = 0;
        for (int i = 0; i < children.size; i++) {
            if (children.nodes[i] instanceof XmlElement e) {
                out[n++] = e;
            }
        }
        return new NodeList<>(out, n, namespace);
    }

    /** @return the first child element, or {@code null} */
    public XmlElement firstElement() {
        XmlNode[] nodes = children.nodes;
        for (int i = 0, n = children.size; i < n; i++) {
            if (nodes[i] instanceof XmlElement e) {
                return e;
            }
        }
        return null;
    }

    /** @return the first child element with this name and namespace, or {@code null} */
    public XmlElement child(String name, String namespace) {
        XmlNode[] nodes = children.nodes;
        for (int i = 0, n = children.size; i < n; i++) {
            if (nodes[i] instanceof XmlElement e && e.is(name, namespace)) {
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
        XmlNode[] nodes = children.nodes;
        for (int i = 0, n = children.size; i < n; i++) {
            if (nodes[i] instanceof XmlText t) {
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

    /**
     * @return a copy with the attribute set (in place if it exists, else at the end), or removed when
     *         {@code value} is null; the copy shares the children and copies only the small attribute array
     */
    public XmlElement withAttribute(String qname, String value) {
        Objects.requireNonNull(qname, "qname");
        int i = indexOf(attrs, attrLength, qname);
        String[] a;
        if (i >= 0) {
            if (attrs[i + 1].equals(value)) {
                return this;
            }
            if (value == null) {
                a = new String[attrLength - 2];
                System.arraycopy(attrs, 0, a, 0, i);
                System.arraycopy(attrs, i + 2, a, i, attrLength - i - 2);
            } else {
                a = Arrays.copyOf(attrs, attrLength);
                a[i + 1] = value;
            }
        } else {
            if (value == null) {
                return this;
            }
            a = Arrays.copyOf(attrs, attrLength + 2);
            a[attrLength] = qname;
            a[attrLength + 1] = value;
        }
        return new XmlElement(name, namespace, a, a.length, children);
    }

    /** @return a copy with these children (shared, not copied, when they are another element's children) */
    public XmlElement withChildren(List<? extends XmlNode> newChildren) {
        return new XmlElement(name, namespace, attrs, attrLength, NodeList.copyOf(newChildren, namespace));
    }

    /** @return a copy with one more child at the end */
    public XmlElement withChild(XmlNode child) {
        XmlNode[] nodes = Arrays.copyOf(children.nodes, children.size + 1);
        nodes[children.size] = Objects.requireNonNull(child);
        return new XmlElement(name, namespace, attrs, attrLength, new NodeList<>(nodes, nodes.length, namespace));
    }

    /** @return the estimated serialised length inside a parent whose default namespace is {@code scope} */
    int hintIn(String scope) {
        return namespace.equals(scope) || Xml.STREAMS.equals(namespace) ? hint : hint + 9 + namespace.length();
    }

    /** A buffer that holds the serialised element without growing, unless escapes lengthen it a lot. */
    private StringBuilder buffer(String inheritedNamespace) {
        int h = hintIn(inheritedNamespace == null ? "" : inheritedNamespace);
        return new StringBuilder(h + (h >> 4) + 16);
    }

    /** @return this element serialized on its own, declaring its namespace; cached */
    public String toXml() {
        String s = xml;
        if (s == null) {
            xml = s = serialise(null);
        }
        return s;
    }

    /** @return this element serialized inside a context whose default namespace is {@code inheritedNamespace} */
    public String toXml(String inheritedNamespace) {
        if (inheritedNamespace == null) {
            return toXml();
        }
        return serialise(inheritedNamespace);
    }

    /**
     * The text of this element. When its children's text is kept already (a copy of a fanned-out stanza), only
     * the tags are written, and the result is put together at its exact length in one allocation: appending the
     * kept text to a buffer instead cost three arrays of the stanza's size per copy (the buffer, its widening to
     * two bytes per char at the first character outside Latin-1, and {@code toString}'s copy).
     */
    private String serialise(String inheritedNamespace) {
        String kept = children.size == 0 ? null : children.keptText(scopeIn(inheritedNamespace));
        if (kept == null) {
            StringBuilder sb = buffer(inheritedNamespace);
            writeTo(sb, inheritedNamespace);
            return sb.toString();
        }
        StringBuilder tag = new StringBuilder(startTagHint());
        openTag(tag, inheritedNamespace);
        tag.append('>');
        return Xml.STREAMS.equals(namespace) ? tag + kept + "</stream:" + name + '>' : tag + kept + "</" + name + '>';
    }

    /** @return whether this element declares its namespace inside {@code inheritedNamespace} (stream elements never) */
    private boolean declaresIn(String inheritedNamespace) {
        return !Xml.STREAMS.equals(namespace)
                && !namespace.equals(inheritedNamespace == null ? "" : inheritedNamespace);
    }

    /** @return the default namespace this element's children are written in, inside {@code inheritedNamespace} */
    private String scopeIn(String inheritedNamespace) {
        return declaresIn(inheritedNamespace) ? namespace : inheritedNamespace;
    }

    /** @return about the length of the start tag: name, namespace declaration, attributes, a little for escapes */
    private int startTagHint() {
        int n = 24 + name.length() + namespace.length();
        for (int i = 0; i < attrLength; i++) {
            n += attrs[i].length() + 2;
        }
        return n + (n >> 3);
    }

    @Override
    public void writeTo(StringBuilder out, String inheritedNamespace) {
        String scope = openTag(out, inheritedNamespace);
        int n = children.size;
        if (n == 0) {
            out.append("/>");
            return;
        }
        out.append('>');
        children.writeTo(out, this, scope);
        out.append("</");
        if (Xml.STREAMS.equals(namespace)) {
            out.append("stream:");
        }
        out.append(name).append('>');
    }

    /**
     * Writes the start tag up to its end ({@code >} or {@code />} are the caller's).
     *
     * @return the default namespace of the children ({@link #scopeIn})
     */
    private String openTag(StringBuilder out, String inheritedNamespace) {
        boolean stream = Xml.STREAMS.equals(namespace);
        out.append('<');
        if (stream) {
            out.append("stream:");
        }
        out.append(name);
        boolean declares = declaresIn(inheritedNamespace);
        if (declares) {
            out.append(" xmlns='");
            Xml.escapeAttribute(namespace, out);
            out.append('\'');
        }
        for (int i = 0; i < attrLength; i += 2) {
            out.append(' ').append(attrs[i]).append("='");
            Xml.escapeAttribute(attrs[i + 1], out);
            out.append('\'');
        }
        return declares ? namespace : inheritedNamespace;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof XmlElement e && e.name.equals(name) && e.namespace.equals(namespace)
                && sameAttributes(e) && e.children.equals(children);
    }

    /** Attributes compare as a map, as before: order does not matter. */
    private boolean sameAttributes(XmlElement e) {
        if (e.attrLength != attrLength) {
            return false;
        }
        if (Arrays.equals(attrs, 0, attrLength, e.attrs, 0, attrLength)) {
            return true;
        }
        for (int i = 0; i < attrLength; i += 2) {
            if (!attrs[i + 1].equals(e.attribute(attrs[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int a = 0;
        for (int i = 0; i < attrLength; i += 2) {
            a += attrs[i].hashCode() ^ attrs[i + 1].hashCode();     // Map.hashCode: independent of order
        }
        return ((name.hashCode() * 31 + namespace.hashCode()) * 31 + a) * 31 + children.hashCode();
    }

    @Override
    public String toString() {
        return toXml();
    }

    /**
     * Builds an {@link XmlElement}; not thread-safe. {@link #build()} hands the builder's arrays to the element
     * without copying them; should the builder be changed afterwards, it copies them first, so an element never
     * sees a later change.
     */
    public static final class Builder {
        /** Above this many name and value slots, attribute names are also found through a hash index. */
        static final int INDEX_FROM = 32;

        private final String name;
        private final String namespace;
        private String[] attrs = NO_ATTRIBUTES;
        private int attrLength;
        private XmlNode[] nodes = NO_NODES;
        private int nodeCount;
        /** True while an element built by this builder (or the element it came from) uses the arrays. */
        private boolean shared;
        /** Slot of each attribute name, only for elements with many attributes (no quadratic parsing). */
        private HashMap<String, Integer> index;

        private Builder(String name, String namespace) {
            this.name = name;
            this.namespace = namespace;
        }

        /** Sets an attribute (in place if it is already set); a null value is ignored. */
        public Builder attribute(String qname, String value) {
            Objects.requireNonNull(qname, "qname");
            if (value == null) {
                return this;
            }
            unshare();
            int i;
            if (index != null) {
                Integer slot = index.get(qname);
                i = slot == null ? -1 : slot;
            } else {
                i = indexOf(attrs, attrLength, qname);
            }
            if (i >= 0) {
                attrs[i + 1] = value;
                return this;
            }
            if (attrLength == attrs.length) {
                attrs = Arrays.copyOf(attrs, attrLength == 0 ? 6 : attrLength * 2);
            }
            attrs[attrLength] = qname;
            attrs[attrLength + 1] = value;
            attrLength += 2;
            if (index != null) {
                index.put(qname, attrLength - 2);
            } else if (attrLength > INDEX_FROM) {
                index();
            }
            return this;
        }

        private void index() {
            index = new HashMap<>(attrLength);
            for (int i = 0; i < attrLength; i += 2) {
                index.put(attrs[i], i);
            }
        }

        /** Appends a child node. */
        public Builder child(XmlNode node) {
            Objects.requireNonNull(node);
            unshare();
            if (nodeCount == nodes.length) {
                nodes = Arrays.copyOf(nodes, nodeCount == 0 ? 4 : nodeCount * 2);
            }
            nodes[nodeCount++] = node;
            return this;
        }

        /** Appends character data; empty text is ignored. */
        public Builder text(String text) {
            if (text != null && !text.isEmpty()) {
                child(new XmlText(text));
            }
            return this;
        }

        /** Appends a child element holding only text, in this element's namespace. */
        public Builder textChild(String childName, String text) {
            return child(XmlElement.builder(childName, namespace).text(text).build());
        }

        /** @return the number of children added so far */
        public int childCount() {
            return nodeCount;
        }

        private void unshare() {
            if (shared) {
                attrs = attrLength == 0 ? NO_ATTRIBUTES : Arrays.copyOf(attrs, attrs.length);
                nodes = nodeCount == 0 ? NO_NODES : Arrays.copyOf(nodes, nodes.length);
                shared = false;
            }
        }

        /** @return the immutable element, which takes over the builder's arrays */
        public XmlElement build() {
            shared = true;
            return new XmlElement(name, namespace, attrs, attrLength,
                    nodeCount == 0 ? NodeList.EMPTY : new NodeList<>(nodes, nodeCount, namespace));
        }
    }
}
