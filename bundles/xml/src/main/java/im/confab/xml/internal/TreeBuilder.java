package im.confab.xml.internal;

import im.confab.api.xml.XmlElement;
import java.util.Arrays;
import javax.xml.stream.XMLStreamReader;

/**
 * Builds the immutable tree of one first-level element straight from reader events, with a stack of builders.
 * Adjacent character data (Aalto reports text in pieces at chunk boundaries, and CDATA separately) is merged into
 * one {@code XmlText}; the common single-piece case costs one {@code String} and no extra copy.
 */
final class TreeBuilder {
    private static final int KEEP_TEXT_CAPACITY = 4096;

    private XmlElement.Builder[] stack = new XmlElement.Builder[8];
    private int size;
    /** The first text piece of the current run, or null when there is no pending text. */
    private String text;
    /** Holds the run once it has a second piece. */
    private StringBuilder run = new StringBuilder(64);
    private boolean merging;

    /** @return the number of open elements */
    int size() {
        return size;
    }

    /** Opens an element at the reader's START_ELEMENT. */
    void start(XMLStreamReader r) {
        flushText();
        XmlElement.Builder b = XmlElement.builder(r.getLocalName(), r.getNamespaceURI());
        copyAttributes(r, b);
        if (size == stack.length) {
            stack = Arrays.copyOf(stack, size * 2);
        }
        stack[size++] = b;
    }

    /** Adds the reader's current character data to the innermost open element. */
    void text(XMLStreamReader r) {
        int len = r.getTextLength();
        if (len == 0) {
            return;
        }
        if (text == null) {
            text = r.getText();
            return;
        }
        if (!merging) {
            run.setLength(0);
            run.append(text);
            merging = true;
        }
        run.append(r.getTextCharacters(), r.getTextStart(), len);
    }

    /** Closes the innermost element; it becomes a child of its parent, if any. */
    XmlElement end() {
        flushText();
        XmlElement e = stack[--size].build();
        stack[size] = null;
        if (size > 0) {
            stack[size - 1].child(e);
        }
        return e;
    }

    void clear() {
        Arrays.fill(stack, 0, size, null);
        size = 0;
        text = null;
        merging = false;
        run.setLength(0);
    }

    private void flushText() {
        if (text == null) {
            return;
        }
        if (merging) {
            stack[size - 1].text(run.toString());
            merging = false;
            // a huge text must not stay allocated for the whole connection
            run = run.capacity() > KEEP_TEXT_CAPACITY ? new StringBuilder(64) : run;
        } else {
            stack[size - 1].text(text);
        }
        text = null;
    }

    /**
     * Copies the attributes under their qualified names. An attribute with a prefix other than {@code xml} also gets
     * its {@code xmlns:prefix} declaration copied onto the element: the tree keeps no prefixes otherwise, and
     * without it {@code XmlElement.toXml} would write an unbound prefix that makes the recipient's parser drop
     * the stream.
     */
    static void copyAttributes(XMLStreamReader r, XmlElement.Builder b) {
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String local = r.getAttributeLocalName(i);
            String prefix = r.getAttributePrefix(i);
            String value = r.getAttributeValue(i);
            if (prefix == null || prefix.isEmpty()) {
                b.attribute(local, value);
            } else if ("xml".equals(prefix)) {
                b.attribute("lang".equals(local) ? "xml:lang" : "xml:" + local, value);
            } else {
                b.attribute(prefix + ':' + local, value);
                b.attribute("xmlns:" + prefix, r.getAttributeNamespace(i));
            }
        }
    }
}
