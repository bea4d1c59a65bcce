package im.confab.itest.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;

import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * Client side of SCRAM-SHA-256 (RFC 7677) for Smack, which ships only SCRAM-SHA-1. Written from the RFC on
 * the JDK's own PBKDF2 and HMAC, independently of the server's code, and it checks the server's signature.
 */
final class ScramSha256Mechanism extends SASLMechanism {
    private static final SecureRandom RANDOM = new SecureRandom();
    private String clientFirstBare;
    private String clientNonce;
    private byte[] expectedServerSignature;
    private boolean serverVerified;

    @Override
    protected void authenticateInternal(CallbackHandler cbh) {
        throw new UnsupportedOperationException("password authentication only");
    }

    @Override
    protected byte[] getAuthenticationText() {
        byte[] n = new byte[18];
        RANDOM.nextBytes(n);
        clientNonce = Base64.getEncoder().encodeToString(n);
        clientFirstBare = "n=" + authenticationId.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
        String msg = new String(challenge, StandardCharsets.UTF_8);
        Map<String, String> a = attributes(msg);
        if (expectedServerSignature == null) {
            String nonce = a.get("r");
            if (nonce == null || !nonce.startsWith(clientNonce) || a.get("s") == null || a.get("i") == null) {
                throw new SmackSaslException("bad server-first-message: " + msg);
            }
            try {
                byte[] salt = Base64.getDecoder().decode(a.get("s"));
                int iterations = Integer.parseInt(a.get("i"));
                SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
                byte[] salted = f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                        .getEncoded();
                byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
                byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
                String withoutProof = "c=biws,r=" + nonce;
                byte[] authMessage = (clientFirstBare + "," + msg + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
                byte[] signature = hmac(storedKey, authMessage);
                byte[] proof = new byte[clientKey.length];
                for (int i = 0; i < proof.length; i++) {
                    proof[i] = (byte) (clientKey[i] ^ signature[i]);
                }
                expectedServerSignature = hmac(hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)),
                        authMessage);
                return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                        .getBytes(StandardCharsets.UTF_8);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new SmackSaslException(e);
            }
        }
        String v = a.get("v");
        serverVerified = v != null && MessageDigest.isEqual(Base64.getDecoder().decode(v), expectedServerSignature);
        return null;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static Map<String, String> attributes(String msg) {
        Map<String, String> m = new HashMap<>();
        for (String part : msg.split(",")) {
            if (part.length() > 2 && part.charAt(1) == '=') {
                m.put(part.substring(0, 1), part.substring(2));
            }
        }
        return m;
    }

    @Override
    public String getName() {
        return "SCRAM-SHA-256";
    }

    @Override
    public int getPriority() {
        return 100; // preferred over Smack's SCRAM-SHA-1 (110)
    }

    @Override
    protected void checkIfSuccessfulOrThrow() throws SmackSaslException {
        if (!serverVerified) {
            throw new SmackSaslException("the server did not prove it knows the password (bad v=)");
        }
    }

    @Override
    protected SASLMechanism newInstance() {
        return new ScramSha256Mechanism();
    }
}
