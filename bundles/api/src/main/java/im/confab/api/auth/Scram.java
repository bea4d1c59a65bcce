package im.confab.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM functions of RFC 5802 section 2.2, shared by the account store and the SASL mechanisms. */
public final class Scram {
    /** The iteration count for new credentials (RFC 7677 asks for at least 4096). */
    public static final int DEFAULT_ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

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
        byte[] clientKey = hmac(alg, salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = hmac(alg, salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredentials(alg, salt, iterations, hash(alg, clientKey), serverKey);
    }

    /** @return true if the password matches the credentials (for SASL PLAIN); constant time in the keys */
    public static boolean verify(ScramCredentials c, String password) {
        ScramCredentials d = derive(c.algorithm(), password, c.salt(), c.iterations());
        return MessageDigest.isEqual(d.storedKey(), c.storedKey());
    }

    /** Hi(Normalize(password), salt, i): PBKDF2 with HMAC. */
    public static byte[] saltedPassword(ScramAlgorithm alg, String password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        byte[] key = normalizePassword(password).getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance(alg.hmac());
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, alg.hmac()));
            if (key.length == 0) { // SecretKeySpec refuses empty keys; HMAC pads keys with zeros, so this is equal
                mac.init(new SecretKeySpec(new byte[alg.length()], alg.hmac()));
            }
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg.hmac() + " unavailable", e);
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
