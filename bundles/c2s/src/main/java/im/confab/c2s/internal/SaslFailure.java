package im.confab.c2s.internal;

/** A SASL exchange ends with this RFC 6120 6.5 failure condition. */
final class SaslFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final String condition;

    SaslFailure(String condition, String message) {
        super(message);
        this.condition = condition;
    }

    /** @return the failure element name, e.g. {@code not-authorized} */
    String condition() {
        return condition;
    }
}
