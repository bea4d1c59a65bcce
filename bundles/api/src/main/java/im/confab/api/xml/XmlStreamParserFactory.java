package im.confab.api.xml;

import org.osgi.annotation.versioning.ProviderType;

/** The service that makes stream parsers; registered by the xml bundle. */
@ProviderType
public interface XmlStreamParserFactory {

    /**
     * Limits of one stream.
     *
     * @param maxStanzaBytes the most bytes one first-level element may take (policy-violation beyond)
     * @param maxDepth the deepest nesting allowed below the stream element (policy-violation beyond)
     */
    record Limits(int maxStanzaBytes, int maxDepth) {
        /** Validates the limits. */
        public Limits {
            if (maxStanzaBytes < 1024) {
                throw new IllegalArgumentException("maxStanzaBytes must be at least 1024, is " + maxStanzaBytes);
            }
            if (maxDepth < 2) {
                throw new IllegalArgumentException("maxDepth must be at least 2, is " + maxDepth);
            }
        }
    }

    /** @return a parser for a new stream */
    XmlStreamParser create(XmlStreamHandler handler, Limits limits);

    /**
     * Parses one element serialized by {@link XmlElement#toXml()} (for example read back from storage) with the
     * same restricted-XML rules as streams.
     *
     * @throws XmlStreamException if it is not one well-formed element
     */
    XmlElement parseElement(String xml) throws XmlStreamException;
}
