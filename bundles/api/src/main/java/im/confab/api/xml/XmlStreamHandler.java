package im.confab.api.xml;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives what an {@link XmlStreamParser} finds in a stream. */
@ConsumerType
public interface XmlStreamHandler {

    /**
     * The stream header arrived.
     *
     * @param header the {@code <stream:stream>} element with its attributes and no children; its namespace is
     *        {@link Xml#STREAMS} when the prefix was bound right
     * @param contentNamespace the default namespace the header declared (for example {@code jabber:client}),
     *        empty when none
     */
    void streamOpened(XmlElement header, String contentNamespace) throws XmlStreamException;

    /** A complete first-level element, with namespaces resolved. */
    void element(XmlElement element) throws XmlStreamException;

    /** The peer sent {@code </stream:stream>}. */
    void streamClosed() throws XmlStreamException;
}
