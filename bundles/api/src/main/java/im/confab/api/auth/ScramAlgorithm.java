package im.confab.api.auth;

/** The hash functions SCRAM is offered with (RFC 5802, RFC 7677). */
public enum ScramAlgorithm {
    /** SCRAM-SHA-1. */
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", 20),
    /** SCRAM-SHA-256. */
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", 32);

    private final String mechanism;
    private final String digest;
    private final String hmac;
    private final int length;

    ScramAlgorithm(String mechanism, String digest, String hmac, int length) {
        this.mechanism = mechanism;
        this.digest = digest;
        this.hmac = hmac;
        this.length = length;
    }

    /** @return the SASL mechanism name */
    public String mechanism() {
        return mechanism;
    }

    /** @return the JCA digest name */
    public String digest() {
        return digest;
    }

    /** @return the JCA MAC name */
    public String hmac() {
        return hmac;
    }

    /** @return the output length in bytes */
    public int length() {
        return length;
    }
}
