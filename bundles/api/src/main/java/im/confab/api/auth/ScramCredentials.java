package im.confab.api.auth;

import java.util.Arrays;

/**
 * What a server keeps of a password for one SCRAM hash (RFC 5802 section 3): never the password itself.
 *
 * @param algorithm the hash
 * @param salt the salt
 * @param iterations the PBKDF2 iteration count
 * @param storedKey H(ClientKey)
 * @param serverKey HMAC(SaltedPassword, "Server Key")
 */
public record ScramCredentials(ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey,
                               byte[] serverKey) {
    /** Copies the arrays so the record stays immutable. */
    public ScramCredentials {
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials c && c.algorithm == algorithm && c.iterations == iterations
                && Arrays.equals(c.salt, salt) && Arrays.equals(c.storedKey, storedKey)
                && Arrays.equals(c.serverKey, serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "ScramCredentials[" + algorithm + ", iterations=" + iterations + "]";
    }
}
