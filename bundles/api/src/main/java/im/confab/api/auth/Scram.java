package im.confab.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM functions of RFC 5802 section 2.2, shared by the account store and the SASL mechanisms. */
public final class Scram {
    /** The iteration count for new credentials (RFC 7677 asks for at least 4096). */
    public static final int DEFAULT_ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);
    /** INT(1): the index of the only PBKDF2 output block SCRAM uses. */
    private static final byte[] BLOCK_1 = {0, 0, 0, 1};

    private Scram() {
    }

    /** Derives new credentials with a fresh random salt. */
    public static ScramCredentials derive(ScramAlgorithm alg, String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return derive(alg, password, salt, iterations);
    }

    /** Derives credentials from a password, salt and iteration count. */
    public static ScramCredentials derive(ScramAlgorithm alg, String password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(alg, password, salt, iterations);
        try {
            byte[] clientKey = hmac(alg, salted, CLIENT_KEY);
            byte[] serverKey = hmac(alg, salted, SERVER_KEY);
            return new ScramCredentials(alg, salt, iterations, hash(alg, clientKey), serverKey);
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    /**
     * @return true if the password matches the credentials (for SASL PLAIN); constant time in the keys. Runs
     *     one PBKDF2 with the credentials' iteration count and derives only the StoredKey from it.
     */
    public static boolean verify(ScramCredentials c, String password) {
        ScramAlgorithm alg = c.algorithm();
        byte[] salted = saltedPassword(alg, password, c.salt(), c.iterations());
        try {
            byte[] storedKey = hash(alg, hmac(alg, salted, CLIENT_KEY));
            return MessageDigest.isEqual(storedKey, c.storedKey());
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    /**
     * Hi(Normalize(password), salt, i): PBKDF2 with HMAC (RFC 2898 with one output block). One {@code Mac}
     * for all iterations, each U computed into the same array: no allocation per iteration.
     */
    public static byte[] saltedPassword(ScramAlgorithm alg, String password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        byte[] key = normalizePassword(password).getBytes(StandardCharsets.UTF_8);
        byte[] u = new byte[alg.length()];
        try {
            Mac mac = Mac.getInstance(alg.hmac());
            // SecretKeySpec refuses empty keys; HMAC pads keys with zeros, so one zero byte is the same key
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, alg.hmac()));
            mac.update(salt);
            mac.update(BLOCK_1);
            mac.doFinal(u, 0);
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg.hmac() + " unavailable", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(u, (byte) 0);
        }
    }

    /** HMAC(key, data). */
    public static byte[] hmac(ScramAlgorithm alg, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(alg.hmac());
            mac.init(new SecretKeySpec(key, alg.hmac()));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg.hmac() + " unavailable", e);
        }
    }

    /** H(data). */
    public static byte[] hash(ScramAlgorithm alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg.digest()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg.digest() + " unavailable", e);
        }
    }

    /**
     * The password preparation: Unicode NFC, as PRECIS OpaqueString (RFC 8265) does for the common cases, so
     * that a password typed in another normalization form still matches.
     */
    public static String normalizePassword(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFC);
    }
}
