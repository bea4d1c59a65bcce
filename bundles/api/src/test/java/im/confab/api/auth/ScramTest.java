package im.confab.api.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScramTest {
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    /** The JDK's own PBKDF2 is the reference for ours (one block, as SCRAM uses). */
    private static byte[] jdkPbkdf2(ScramAlgorithm alg, String password, byte[] salt, int iterations)
            throws Exception {
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2With" + alg.hmac());
        return f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, alg.length() * 8))
                .getEncoded();
    }

    @Test
    void saltedPasswordIsPbkdf2() throws Exception {
        for (ScramAlgorithm alg : ScramAlgorithm.values()) {
            for (int iterations : new int[] {1, 2, 4096}) {
                assertArrayEquals(jdkPbkdf2(alg, "pencil", SALT, iterations),
                        Scram.saltedPassword(alg, "pencil", SALT, iterations), alg + " " + iterations);
            }
            // a password longer than the hash block is hashed first by HMAC
            String longPassword = "x".repeat(200);
            assertArrayEquals(jdkPbkdf2(alg, longPassword, SALT, 3), Scram.saltedPassword(alg, longPassword, SALT, 3));
        }
        assertThrows(IllegalArgumentException.class, () -> Scram.saltedPassword(ScramAlgorithm.SHA_1, "p", SALT, 0));
    }

    @Test
    void rfc7677Vector() {
        // RFC 7677 section 3: user "user", password "pencil"; the server's signature proves ServerKey
        ScramCredentials c = Scram.derive(ScramAlgorithm.SHA_256, "pencil", SALT, 4096);
        String authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] serverSignature = Scram.hmac(ScramAlgorithm.SHA_256, c.serverKey(),
                authMessage.getBytes(StandardCharsets.US_ASCII));
        assertEquals("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
                Base64.getEncoder().encodeToString(serverSignature));
    }

    @Test
    void verifyChecksThePassword() {
        for (ScramAlgorithm alg : ScramAlgorithm.values()) {
            ScramCredentials c = Scram.derive(alg, "correct horse", 4096);
            assertTrue(Scram.verify(c, "correct horse"));
            assertFalse(Scram.verify(c, "correct horse "));
            assertFalse(Scram.verify(c, ""));
        }
        ScramCredentials empty = Scram.derive(ScramAlgorithm.SHA_1, "", SALT, 2);
        assertTrue(Scram.verify(empty, ""));
        // (HMAC pads keys with zeros, so "" and "\0" are the same key; SASL PLAIN cannot carry a NUL anyway)
    }
}
