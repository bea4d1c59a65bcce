package im.confab.c2s.internal;

import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramCredentials;
import im.confab.api.jid.Jid;
import im.confab.api.jid.JidFormatException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/** SASL PLAIN (RFC 4616), offered only on TLS-protected streams; checked against the stored SCRAM hash. */
final class PlainServer implements SaslMechanism {
    private final Function<String, Optional<ScramCredentials>> lookup;
    private final String domain;
    private String username;

    PlainServer(Function<String, Optional<ScramCredentials>> lookup, String domain) {
        this.lookup = lookup;
        this.domain = domain;
    }

    @Override
    public Step evaluate(byte[] response) throws SaslFailure {
        String msg = new String(response, StandardCharsets.UTF_8);
        int a = msg.indexOf('\0');
        int b = a < 0 ? -1 : msg.indexOf('\0', a + 1);
        if (a < 0 || b < 0 || msg.indexOf('\0', b + 1) >= 0) {
            throw new SaslFailure("malformed-request", "PLAIN needs authzid NUL authcid NUL password");
        }
        String authzid = msg.substring(0, a);
        String password = msg.substring(b + 1);
        try {
            username = Jid.normalizeLocal(msg.substring(a + 1, b));
        } catch (JidFormatException e) {
            throw new SaslFailure("not-authorized", "invalid username");
        }
        if (!authzid.isEmpty()) {
            Jid z = Jid.parseOrNull(authzid);
            if (z == null || !z.isBare() || !username.equals(z.local()) || !z.domain().equals(domain)) {
                throw new SaslFailure("invalid-authzid", "authorization identity must be the account's own JID");
            }
        }
        Optional<ScramCredentials> c = lookup.apply(username);
        if (password.isEmpty() || c.isEmpty() || !Scram.verify(c.get(), password)) {
            throw new SaslFailure("not-authorized", "authentication failed");
        }
        return new Step(null, true);
    }

    @Override
    public String username() {
        return username;
    }
}
