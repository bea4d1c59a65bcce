package im.confab.api.stanza;

import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;

import java.util.Locale;

/** RFC 6120 section 8.3 stanza errors. */
public final class StanzaError {
    private StanzaError() {
    }

    /** The error types. */
    public enum Type {
        AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

        /** @return the attribute value */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The defined conditions with the error type RFC 6120 suggests for each. */
    public enum Condition {
        BAD_REQUEST(Type.MODIFY), CONFLICT(Type.CANCEL), FEATURE_NOT_IMPLEMENTED(Type.CANCEL),
        FORBIDDEN(Type.AUTH), GONE(Type.CANCEL), INTERNAL_SERVER_ERROR(Type.CANCEL), ITEM_NOT_FOUND(Type.CANCEL),
        JID_MALFORMED(Type.MODIFY), NOT_ACCEPTABLE(Type.MODIFY), NOT_ALLOWED(Type.CANCEL),
        NOT_AUTHORIZED(Type.AUTH), POLICY_VIOLATION(Type.MODIFY), RECIPIENT_UNAVAILABLE(Type.WAIT),
        REDIRECT(Type.MODIFY), REGISTRATION_REQUIRED(Type.AUTH), REMOTE_SERVER_NOT_FOUND(Type.CANCEL),
        REMOTE_SERVER_TIMEOUT(Type.WAIT), RESOURCE_CONSTRAINT(Type.WAIT), SERVICE_UNAVAILABLE(Type.CANCEL),
        SUBSCRIPTION_REQUIRED(Type.AUTH), UNDEFINED_CONDITION(Type.CANCEL), UNEXPECTED_REQUEST(Type.WAIT);

        private final Type defaultType;
        private final String elementName = name().toLowerCase(Locale.ROOT).replace('_', '-');

        Condition(Type defaultType) {
            this.defaultType = defaultType;
        }

        /** @return the type RFC 6120 suggests */
        public Type defaultType() {
            return defaultType;
        }

        /** @return the element name, e.g. {@code service-unavailable} */
        public String elementName() {
            return elementName;
        }

        /** @return the condition named by an element, or null */
        public static Condition fromElementName(String name) {
            for (Condition c : values()) {
                if (c.elementName.equals(name)) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * @return the {@code <error/>} element, in the jabber:client namespace, with an optional text
     */
    public static XmlElement element(Condition condition, Type type, String text) {
        XmlElement.Builder b = XmlElement.builder("error", Xml.JABBER_CLIENT)
                .attribute("type", type.value())
                .child(XmlElement.of(condition.elementName(), Xml.XMPP_STANZAS));
        if (text != null && !text.isEmpty()) {
            b.child(XmlElement.builder("text", Xml.XMPP_STANZAS).attribute("xml:lang", "en").text(text).build());
        }
        return b.build();
    }
}
