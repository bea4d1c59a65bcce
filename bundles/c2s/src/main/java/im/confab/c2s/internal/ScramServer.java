package im.confab.c2s.internal;

import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import im.confab.api.jid.Jid;
import im.confab.api.jid.JidFormatException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server side of SCRAM (RFC 5802, RFC 7677) without channel binding. An unknown user gets a salt
 * derived from a server secret, so the exchange looks the same as for a real account until the proof fails.
 */
final class ScramServer implements SaslMechanism {
    private final ScramAlgorithm alg;
    private final Function<String, Optional<ScramCredentials>> lookup;
    private final Function<String, ScramCredentials> cached;
    private final byte[] secret;
    private final Supplier<String> nonces;
    private final String domain;
    private int state;
    private String username;
    private ScramCredentials credentials;
    private boolean known;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /**
     * @param lookup finds credentials by normalized username (may block)
     * @param cached the credentials if in memory, else null (never blocks)
     * @param secret a per-server secret for fake salts of unknown users
     * @param nonces makes server nonces (printable, no comma)
     * @param domain the domain the client authenticates to, for checking an authzid
     */
    ScramServer(ScramAlgorithm alg, Function<String, Optional<ScramCredentials>> lookup,
                Function<String, ScramCredentials> cached, byte[] secret, Supplier<String> nonces, String domain) {
        this.alg = alg;
        this.lookup = lookup;
        this.cached = cached;
        this.secret = secret.clone();
        this.nonces = nonces;
        this.domain = domain;
    }

    @Override
    public Step evaluate(byte[] response) throws SaslFailure {
        String msg = new String(response, StandardCharsets.UTF_8);
        return switch (state++) {
            case 0 -> clientFirst(msg, false);
            case 1 -> clientFinal(msg);
            default -> throw new SaslFailure("malformed-request", "unexpected response after the exchange ended");
        };
    }

    /**
     * Client-first with credentials the store holds in memory (an account that logged in lately): no hand-off.
     * An unknown user is never in memory, so its exchange takes the executor like any account read from the
     * store; the answer looks the same either way.
     */
    @Override
    public Step evaluateWithoutBlocking(byte[] response) throws SaslFailure {
        if (state != 0) {
            return SaslMechanism.super.evaluateWithoutBlocking(response);
        }
        Step s = clientFirst(new String(response, StandardCharsets.UTF_8), true);
        if (s != null) {
            state = 1;
        }
        return s;
    }

    /** Only the client-first step reads the store; client-final is two HMACs and a hash. */
    @Override
    public boolean nextStepBlocks() {
        return state == 0;
    }

    @Override
    public String username() {
        return username;
    }

    /** @return the server-first message, or null if {@code inMemoryOnly} and the credentials are not in memory */
    private Step clientFirst(String msg, boolean inMemoryOnly) throws SaslFailure {
        if (msg.isEmpty()) {
            throw new SaslFailure("malformed-request", "empty client-first-message");
        }
        char flag = msg.charAt(0);
        if (flag == 'p') {
            throw new SaslFailure("malformed-request", "channel binding was not offered");
        }
        if ((flag != 'n' && flag != 'y') || msg.length() < 2 || msg.charAt(1) != ',') {
            throw new SaslFailure("malformed-request", "bad gs2 header");
        }
        int second = msg.indexOf(',', 2);
        if (second < 0) {
            throw new SaslFailure("malformed-request", "bad gs2 header");
        }
        String authzid = msg.substring(2, second);
        gs2Header = msg.substring(0, second + 1);
        clientFirstBare = msg.substring(second + 1);
        String[] attrs = clientFirstBare.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=") || attrs[1].length() < 3) {
            throw new SaslFailure("malformed-request", "client-first-message needs n= and r=");
        }
        try {
            username = Jid.normalizeLocal(saslName(attrs[0].substring(2)));
        } catch (JidFormatException e) {
            throw new SaslFailure("not-authorized", "invalid username");
        }
        if (!authzid.isEmpty()) {
            if (!authzid.startsWith("a=")) {
                throw new SaslFailure("malformed-request", "bad authzid");
            }
            checkAuthzid(saslName(authzid.substring(2)));
        }
        Optional<ScramCredentials> found;
        if (inMemoryOnly) {
            ScramCredentials c = cached.apply(username);
            if (c == null) {
                return null;
            }
            found = Optional.of(c);
        } else {
            found = lookup.apply(username);
        }
        known = found.isPresent();
        credentials = found.orElseGet(this::fakeCredentials);
        nonce = attrs[1].substring(2) + nonces.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credentials.salt())
                + ",i=" + credentials.iterations();
        return new Step(serverFirst.getBytes(StandardCharsets.UTF_8), false);
    }

    private Step clientFinal(String msg) throws SaslFailure {
        int p = msg.lastIndexOf(",p=");
        if (p < 0 || !msg.startsWith("c=")) {
            throw new SaslFailure("malformed-request", "client-final-message needs c= and p=");
        }
        String withoutProof = msg.substring(0, p);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[1].startsWith("r=")) {
            throw new SaslFailure("malformed-request", "client-final-message needs r=");
        }
        byte[] cbind;
        byte[] proof;
        try {
            cbind = Base64.getDecoder().decode(attrs[0].substring(2));
            proof = Base64.getDecoder().decode(msg.substring(p + 3));
        } catch (IllegalArgumentException e) {
            throw new SaslFailure("incorrect-encoding", "bad base64 in client-final-message");
        }
        if (!Arrays.equals(cbind, gs2Header.getBytes(StandardCharsets.UTF_8))) {
            throw new SaslFailure("not-authorized", "channel binding data does not match the gs2 header");
        }
        if (!attrs[1].substring(2).equals(nonce)) {
            throw new SaslFailure("not-authorized", "nonce mismatch");
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = credentials.storedKey();
        byte[] clientSignature = Scram.hmac(alg, storedKey, authMessage);
        if (proof.length != clientSignature.length) {
            throw new SaslFailure("not-authorized", "bad proof");
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean ok = MessageDigest.isEqual(Scram.hash(alg, clientKey), storedKey);
        if (!ok || !known) {
            throw new SaslFailure("not-authorized", "authentication failed");
        }
        byte[] serverSignature = Scram.hmac(alg, credentials.serverKey(), authMessage);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return new Step(serverFinal.getBytes(StandardCharsets.UTF_8), true);
    }

    private void checkAuthzid(String authzid) throws SaslFailure {
        Jid z = Jid.parseOrNull(authzid);
        if (z == null || !z.isBare() || !username.equals(z.local()) || !z.domain().equals(domain)) {
            throw new SaslFailure("invalid-authzid", "authorization identity must be the account's own JID");
        }
    }

    /** Decodes a SCRAM saslname ({@code =2C} and {@code =3D}). */
    static String saslName(String s) throws SaslFailure {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=') {
                if (s.startsWith("=2C", i)) {
                    sb.append(',');
                } else if (s.startsWith("=3D", i)) {
                    sb.append('=');
                } else {
                    throw new SaslFailure("malformed-request", "bad escape in saslname");
                }
                i += 2;
            } else if (c == ',') {
                throw new SaslFailure("malformed-request", "unescaped comma in saslname");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private ScramCredentials fakeCredentials() {
        byte[] salt = Arrays.copyOf(Scram.hmac(alg, secret, username.getBytes(StandardCharsets.UTF_8)), 16);
        byte[] fake = Scram.hmac(alg, secret, salt);
        return new ScramCredentials(alg, salt, Scram.DEFAULT_ITERATIONS, fake, fake);
    }
}
