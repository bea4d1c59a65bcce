package im.confab.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.auth.AccountStore;
import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import im.confab.test.support.FakeSessionManager;
import im.confab.xml.internal.AaltoStreamParserFactory;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code allow.unencrypted.plain.auth}: off by default (PLAIN only under TLS); when an operator turns it on for a
 * load test, PLAIN is offered and works on a plaintext stream. No listener is opened (both ports 0).
 */
class PlainWithoutTlsTest {
    private static final String HEADER = "<stream:stream to='localhost' version='1.0' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams'>";
    private static final ScramCredentials ALICE = Scram.derive(ScramAlgorithm.SHA_256, "secret", 4096);

    private C2sListener listener;
    private EmbeddedChannel channel;
    /** Opened by {@link #awaitSaslStep}, after the test thread has left the channel. */
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.finishAndReleaseAll(); // closes the stream, so deactivate need not wait for it
        }
        if (listener != null) {
            listener.deactivate();
        }
    }

    @Test
    void offByDefault() {
        C2sSettings s = C2sSettings.of(new TestConfig(true, false));
        assertFalse(s.allowUnencryptedPlainAuth());
        assertFalse(s.plainAllowed(false));
        assertTrue(s.plainAllowed(true));
        assertFalse(Sasl.mechanismsElement(false).contains("PLAIN"));
        assertTrue(Sasl.mechanismsElement(true).contains("<mechanism>PLAIN</mechanism>"));
    }

    @Test
    void plaintextStreamWithoutTheOptionNeitherOffersNorAcceptsPlain() throws Exception {
        EmbeddedChannel ch = connect(new TestConfig(false, false));
        String features = send(ch, HEADER);
        assertTrue(features.contains("<mechanism>SCRAM-SHA-256</mechanism>"), features);
        assertFalse(features.contains("PLAIN"), features);
        assertTrue(send(ch, plainAuth("alice", "secret")).contains("<invalid-mechanism/>"));
    }

    @Test
    void withTheOptionPlainIsOfferedAndLogsIn() throws Exception {
        EmbeddedChannel ch = connect(new TestConfig(false, true));
        assertTrue(send(ch, HEADER).contains("<mechanism>PLAIN</mechanism>"));
        send(ch, plainAuth("alice", "secret"));
        assertTrue(awaitSaslStep(ch, 1).startsWith("<success"));
    }

    @Test
    void withTheOptionAWrongPasswordStillFails() throws Exception {
        EmbeddedChannel ch = connect(new TestConfig(false, true));
        send(ch, HEADER);
        send(ch, plainAuth("alice", "wrong"));
        assertTrue(awaitSaslStep(ch, 1).contains("<not-authorized/>"));
    }

    @Test
    void starttlsRequiredStillWinsOverTheOption() throws Exception {
        EmbeddedChannel ch = connect(new TestConfig(true, true));
        assertFalse(send(ch, HEADER).contains("<mechanisms"));
        assertTrue(send(ch, plainAuth("alice", "secret")).contains("<encryption-required/>"));
    }

    private EmbeddedChannel connect(TestConfig config) throws InterruptedException {
        listener = new C2sListener(new FakeSessionManager("localhost"), new AaltoStreamParserFactory(), config);
        listener.setAccounts(new OneAccount());
        channel = new EmbeddedChannel(new XmppConnection(listener, false));
        return channel;
    }

    private static String plainAuth(String user, String password) {
        String response = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + response + "</auth>";
    }

    private static String send(EmbeddedChannel ch, String xml) {
        ch.writeInbound(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        return drain(ch);
    }

    /**
     * SASL steps run on the auth executor and come back as a task on the channel's loop. EmbeddedChannel's loop
     * is not thread-safe, so the step may hand its outcome over only once this thread has left the channel:
     * the account store holds the step until then ({@link #released}).
     */
    private String awaitSaslStep(EmbeddedChannel ch, long steps) throws InterruptedException {
        released.countDown();
        ThreadPoolExecutor auth = (ThreadPoolExecutor) listener.authExecutor();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (auth.getCompletedTaskCount() < steps && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(steps, auth.getCompletedTaskCount(), "SASL step did not finish");
        ch.runPendingTasks();
        return drain(ch);
    }

    private static String drain(EmbeddedChannel ch) {
        return Written.text(ch);
    }

    /** alice/secret, stored as SCRAM-SHA-256 credentials as the real store keeps them. */
    private final class OneAccount implements AccountStore {
        @Override
        public boolean create(String username, String password) {
            return false;
        }

        @Override
        public boolean changePassword(String username, String password) {
            return false;
        }

        @Override
        public boolean delete(String username) {
            return false;
        }

        @Override
        public boolean exists(String username) {
            return "alice".equals(username);
        }

        @Override
        public Optional<ScramCredentials> credentials(String username, ScramAlgorithm algorithm) {
            try {
                if (!released.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test did not release the SASL step");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return exists(username) && algorithm == ScramAlgorithm.SHA_256 ? Optional.of(ALICE) : Optional.empty();
        }

        @Override
        public List<String> usernames() {
            return List.of("alice");
        }
    }
}
