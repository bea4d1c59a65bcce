package im.confab.c2s.internal;

import im.confab.api.auth.AccountStore;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import im.confab.api.stanza.StreamError;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;

import java.lang.System.Logger.Level;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * SASL negotiation of one stream (RFC 6120 section 6): mechanism choice, challenge/response, failures and
 * the retry limit. Steps that read the account store or run a KDF run on the c2s authentication executor; their
 * outcome is handed back to the connection's event loop, and the connection reads nothing meanwhile. A step that
 * only hashes (SCRAM's client-final) runs as a task of the event loop itself, saving two thread hand-offs.
 */
final class Sasl {
    private static final System.Logger LOG = System.getLogger(Sasl.class.getName());
    private final XmppConnection conn;
    private final C2sListener owner;
    private SaslMechanism mechanism;
    private boolean busy;
    private int failures;

    Sasl(XmppConnection conn, C2sListener owner) {
        this.conn = conn;
        this.owner = owner;
    }

    /**
     * @return the mechanisms feature; PLAIN only where the stream is encrypted, unless the operator allowed it on
     *     unencrypted streams ({@code allow.unencrypted.plain.auth}, for load tests on loopback)
     */
    static String mechanismsElement(boolean plain) {
        StringBuilder sb = new StringBuilder("<mechanisms xmlns='").append(Xml.XMPP_SASL).append("'>");
        sb.append("<mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism>");
        if (plain) {
            sb.append("<mechanism>PLAIN</mechanism>");
        }
        return sb.append("</mechanisms>").toString();
    }

    void element(XmlElement e) {
        if (busy) {
            failure("malformed-request", "a step is still being processed");
            return;
        }
        switch (e.name()) {
            case "auth" -> auth(e);
            case "response" -> {
                if (mechanism == null) {
                    failure("malformed-request", "no exchange in progress");
                } else {
                    step(e.text());
                }
            }
            case "abort" -> {
                mechanism = null;
                failure("aborted", null);
            }
            default -> conn.streamError(StreamError.Condition.UNSUPPORTED_STANZA_TYPE, "unknown SASL element");
        }
    }

    private void auth(XmlElement e) {
        if (mechanism != null) {
            failure("malformed-request", "an exchange is already in progress");
            return;
        }
        String name = e.attribute("mechanism");
        Function<String, Optional<ScramCredentials>> lookup256 = user -> credentials(user, ScramAlgorithm.SHA_256);
        String domain = conn.domain();
        if ("SCRAM-SHA-256".equals(name)) {
            mechanism = new ScramServer(ScramAlgorithm.SHA_256, lookup256,
                    user -> cachedCredentials(user, ScramAlgorithm.SHA_256), owner.scramSecret, Sasl::nonce, domain);
        } else if ("SCRAM-SHA-1".equals(name)) {
            mechanism = new ScramServer(ScramAlgorithm.SHA_1, user -> credentials(user, ScramAlgorithm.SHA_1),
                    user -> cachedCredentials(user, ScramAlgorithm.SHA_1), owner.scramSecret, Sasl::nonce, domain);
        } else if ("PLAIN".equals(name)
                && owner.settings().plainAllowed(conn.channel().pipeline().get("tls") != null)) {
            mechanism = new PlainServer(lookup256, domain);
        } else {
            failure("invalid-mechanism", null);
            return;
        }
        String initial = e.text();
        if (initial.isEmpty()) {
            conn.send("<challenge xmlns='" + Xml.XMPP_SASL + "'/>"); // no initial response: ask for one
        } else {
            step(initial);
        }
    }

    private Optional<ScramCredentials> credentials(String user, ScramAlgorithm alg) {
        AccountStore store = owner.accounts();
        if (store == null) {
            throw new IllegalStateException("no account store is present");
        }
        return store.credentials(user, alg);
    }

    private ScramCredentials cachedCredentials(String user, ScramAlgorithm alg) {
        AccountStore store = owner.accounts();
        return store == null ? null : store.cachedCredentials(user, alg);
    }

    private void step(String base64) {
        byte[] response;
        try {
            response = "=".equals(base64) ? new byte[0] : Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException ex) {
            mechanism = null;
            failure("incorrect-encoding", null);
            return;
        }
        SaslMechanism m = mechanism;
        busy = true;
        conn.channel().config().setAutoRead(false);
        // On the event loop, after this read, without a thread hand-off when the step can be taken from memory:
        // a few hashes (SCRAM's final step), or credentials the store holds (SCRAM's first step, an account that
        // logged in lately). Else on the authentication executor, where the store may be read or a KDF run.
        conn.channel().eventLoop().execute(() -> {
            Runnable now = withoutBlocking(m, response);
            if (now != null) {
                now.run();
                return;
            }
            try {
                owner.authExecutor().execute(() -> {
                    Runnable outcome = evaluate(m, response);
                    conn.channel().eventLoop().execute(outcome);
                });
            } catch (RejectedExecutionException ex) {
                stepFailed("temporary-auth-failure", "server busy");
            }
        });
    }

    /** Runs one step; returns what to do with its outcome on the event loop. */
    private Runnable evaluate(SaslMechanism m, byte[] response) {
        return outcome(m, () -> m.evaluate(response));
    }

    /** @return what to do with the step's outcome, or null when the step would block */
    private Runnable withoutBlocking(SaslMechanism m, byte[] response) {
        return outcome(m, () -> m.evaluateWithoutBlocking(response));
    }

    /** A step of a mechanism; null when it was not taken. */
    private interface StepCall {
        SaslMechanism.Step call() throws SaslFailure;
    }

    private Runnable outcome(SaslMechanism m, StepCall step) {
        try {
            SaslMechanism.Step s = step.call();
            return s == null ? null : () -> stepDone(m, s);
        } catch (SaslFailure f) {
            return () -> stepFailed(f.condition(), f.getMessage());
        } catch (RuntimeException ex) {
            LOG.log(Level.ERROR, "SASL step failed", ex);
            return () -> stepFailed("temporary-auth-failure", null);
        }
    }

    private void stepDone(SaslMechanism m, SaslMechanism.Step s) {
        resume();
        String data = s.data() == null ? "" : Base64.getEncoder().encodeToString(s.data());
        if (!s.done()) {
            conn.send("<challenge xmlns='" + Xml.XMPP_SASL + "'>" + data + "</challenge>");
            return;
        }
        mechanism = null;
        conn.authenticated(m.username(), "<success xmlns='" + Xml.XMPP_SASL + "'>" + data + "</success>");
    }

    private void stepFailed(String condition, String text) {
        resume();
        mechanism = null;
        failure(condition, text);
    }

    private void resume() {
        busy = false;
        conn.channel().config().setAutoRead(true);
    }

    private void failure(String condition, String text) {
        StringBuilder sb = new StringBuilder("<failure xmlns='").append(Xml.XMPP_SASL).append("'><")
                .append(condition).append("/>");
        if (text != null && !"not-authorized".equals(condition)) {
            sb.append("<text xml:lang='en'>");
            Xml.escapeText(text, sb);
            sb.append("</text>");
        }
        conn.send(sb.append("</failure>").toString());
        owner.authFailures.increment();
        if (!"aborted".equals(condition) && ++failures >= owner.settings().saslMaxAttempts()) {
            conn.streamError(StreamError.Condition.POLICY_VIOLATION, "too many failed authentication attempts");
        }
    }

    private static String nonce() {
        return Base64.getEncoder().encodeToString(XmppConnection.randomBytes(18));
    }
}
