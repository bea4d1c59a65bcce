package im.confab.api.xml;

/** A node of an immutable XML tree: an {@link XmlElement} or an {@link XmlText}. */
public sealed interface XmlNode permits XmlElement, XmlText {

    /**
     * Appends the serialized form of this node.
     *
     * @param out where to write
     * @param inheritedNamespace the default namespace in scope at this point ({@code null} for none)
     */
    void writeTo(StringBuilder out, String inheritedNamespace);
}
