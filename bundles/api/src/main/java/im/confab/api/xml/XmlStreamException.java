package im.confab.api.xml;

import im.confab.api.stanza.StreamError;

/** The stream must end with this stream error. */
public class XmlStreamException extends Exception {
    private static final long serialVersionUID = 1L;
    private final StreamError.Condition condition;

    /**
     * @param condition the RFC 6120 stream error condition to send
     * @param message a description for the log and the error's text
     */
    public XmlStreamException(StreamError.Condition condition, String message) {
        super(message);
        this.condition = condition;
    }

    /** @return the stream error condition to send */
    public StreamError.Condition condition() {
        return condition;
    }
}
