package im.confab.api.xml;

import java.util.Objects;

/** Character data inside an element. Immutable. */
public final class XmlText implements XmlNode {
    private final String text;

    /** @param text the unescaped characters */
    public XmlText(String text) {
        this.text = Objects.requireNonNull(text, "text");
    }

    /** @return the unescaped characters */
    public String text() {
        return text;
    }

    @Override
    public void writeTo(StringBuilder out, String inheritedNamespace) {
        Xml.escapeText(text, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XmlText t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
