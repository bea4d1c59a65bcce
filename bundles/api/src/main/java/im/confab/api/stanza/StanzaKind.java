package im.confab.api.stanza;

/** The three kinds of stanza. */
public enum StanzaKind {
    MESSAGE("message"), PRESENCE("presence"), IQ("iq");

    private final String elementName;

    StanzaKind(String elementName) {
        this.elementName = elementName;
    }

    /** @return the element name */
    public String elementName() {
        return elementName;
    }

    /** @return the kind named by an element name, or null if it is not a stanza */
    public static StanzaKind of(String elementName) {
        return switch (elementName) {
            case "message" -> MESSAGE;
            case "presence" -> PRESENCE;
            case "iq" -> IQ;
            default -> null;
        };
    }
}
