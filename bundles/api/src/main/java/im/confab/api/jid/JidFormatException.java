package im.confab.api.jid;

/** A string is not a valid JID (RFC 7622). */
public class JidFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong */
    public JidFormatException(String message) {
        super(message);
    }
}
