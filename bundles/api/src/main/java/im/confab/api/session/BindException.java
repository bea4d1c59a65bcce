package im.confab.api.session;

import im.confab.api.stanza.StanzaError;

/** Resource binding was refused (RFC 6120 7.6.2). */
public class BindException extends Exception {
    private static final long serialVersionUID = 1L;
    private final StanzaError.Condition condition;

    /** @param condition the stanza error to answer the bind request with */
    public BindException(StanzaError.Condition condition, String message) {
        super(message);
        this.condition = condition;
    }

    /** @return the stanza error condition */
    public StanzaError.Condition condition() {
        return condition;
    }
}
