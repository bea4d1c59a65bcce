package im.confab.api.stanza;

import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;

/** RFC 6120 section 4.9 stream errors. */
public final class StreamError {
    private StreamError() {
    }

    /** The defined stream error conditions. */
    public enum Condition {
        BAD_FORMAT, BAD_NAMESPACE_PREFIX, CONFLICT, CONNECTION_TIMEOUT, HOST_GONE, HOST_UNKNOWN,
        IMPROPER_ADDRESSING, INTERNAL_SERVER_ERROR, INVALID_FROM, INVALID_NAMESPACE, INVALID_XML,
        NOT_AUTHORIZED, NOT_WELL_FORMED, POLICY_VIOLATION, REMOTE_CONNECTION_FAILED, RESET, RESOURCE_CONSTRAINT,
        RESTRICTED_XML, SEE_OTHER_HOST, SYSTEM_SHUTDOWN, UNDEFINED_CONDITION, UNSUPPORTED_ENCODING,
        UNSUPPORTED_FEATURE, UNSUPPORTED_STANZA_TYPE, UNSUPPORTED_VERSION;

        private final String elementName = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

        /** @return the element name, e.g. {@code not-well-formed} */
        public String elementName() {
            return elementName;
        }
    }

    /**
     * @param condition the condition
     * @param text an optional human-readable description, or null
     * @return the {@code <stream:error>} element
     */
    public static XmlElement element(Condition condition, String text) {
        XmlElement.Builder b = XmlElement.builder("error", Xml.STREAMS)
                .child(XmlElement.of(condition.elementName(), Xml.XMPP_STREAMS));
        if (text != null && !text.isEmpty()) {
            b.child(XmlElement.builder("text", Xml.XMPP_STREAMS).attribute("xml:lang", "en").text(text).build());
        }
        return b.build();
    }
}
