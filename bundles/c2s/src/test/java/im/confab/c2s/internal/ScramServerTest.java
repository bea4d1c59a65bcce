package im.confab.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The test vectors of RFC 7677 (SCRAM-SHA-256) and RFC 5802 (SCRAM-SHA-1), and the failure paths. */
class ScramServerTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ScramServer server(ScramAlgorithm alg, String salt, String serverNonce) {
        ScramCredentials c = Scram.derive(alg, "pencil", Base64.getDecoder().decode(salt), 4096);
        return new ScramServer(alg, u -> u.equals("user") ? Optional.of(c) : Optional.empty(), u -> null,
                new byte[32], () -> serverNonce, "localhost");
    }

    @Test
    void rfc7677Sha256Vector() throws Exception {
        ScramServer s = server(ScramAlgorithm.SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        SaslMechanism.Step first = s.evaluate(b("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertFalse(first.done());
        assertFalse(s.nextStepBlocks()); // client-final only hashes: may run on the event loop
        assertEquals("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                new String(first.data(), StandardCharsets.UTF_8));
        SaslMechanism.Step fin = s.evaluate(b("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertTrue(fin.done());
        assertEquals("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", new String(fin.data(), StandardCharsets.UTF_8));
        assertEquals("user", s.username());
    }

    @Test
    void rfc5802Sha1Vector() throws Exception {
        ScramServer s = server(ScramAlgorithm.SHA_1, "QSXCR+Q6sek8bf92", "3rfcNHYJY1ZVvWVs7j");
        assertTrue(s.nextStepBlocks()); // client-first reads the account store: off the event loop
        assertEquals("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
                new String(s.evaluate(b("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")).data(), StandardCharsets.UTF_8));
        SaslMechanism.Step fin = s.evaluate(b("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                + "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));
        assertEquals("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", new String(fin.data(), StandardCharsets.UTF_8));
        assertFalse(s.nextStepBlocks());
    }

    @Test
    void credentialsInMemoryTakeTheFirstStepWithoutTheStore() throws Exception {
        ScramCredentials c = Scram.derive(ScramAlgorithm.SHA_1, "pencil",
                Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096);
        java.util.concurrent.atomic.AtomicInteger storeReads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<String, Optional<ScramCredentials>> store = u -> {
            storeReads.incrementAndGet();
            return u.equals("user") ? Optional.of(c) : Optional.empty();
        };
        ScramServer warm = new ScramServer(ScramAlgorithm.SHA_1, store, u -> u.equals("user") ? c : null,
                new byte[32], () -> "3rfcNHYJY1ZVvWVs7j", "localhost");
        SaslMechanism.Step first = warm.evaluateWithoutBlocking(b("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
        assertEquals("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
                new String(first.data(), StandardCharsets.UTF_8));
        assertFalse(warm.nextStepBlocks(), "the step counted once");
        SaslMechanism.Step fin = warm.evaluateWithoutBlocking(b("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                + "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));
        assertTrue(fin.done());
        assertEquals(0, storeReads.get());

        // not in memory (nor ever for an unknown user): nothing happened, the executor takes the step
        ScramServer cold = new ScramServer(ScramAlgorithm.SHA_1, store, u -> null, new byte[32],
                () -> "3rfcNHYJY1ZVvWVs7j", "localhost");
        assertEquals(null, cold.evaluateWithoutBlocking(b("n,,n=nobody,r=abc")));
        assertTrue(cold.nextStepBlocks());
        assertFalse(cold.evaluate(b("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")).done());
        assertEquals(1, storeReads.get());
        // a malformed first message fails at once, from memory or not
        assertEquals("malformed-request", assertThrows(SaslFailure.class,
                () -> warm.evaluateWithoutBlocking(b("garbage"))).condition());
    }

    @Test
    void wrongProofFails() throws Exception {
        ScramServer s = server(ScramAlgorithm.SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        s.evaluate(b("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        SaslFailure f = assertThrows(SaslFailure.class, () -> s.evaluate(b(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=AAAAAapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")));
        assertEquals("not-authorized", f.condition());
    }

    @Test
    void unknownUserLooksTheSameUntilTheProof() throws Exception {
        ScramServer s = server(ScramAlgorithm.SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==", "abc");
        String first = new String(s.evaluate(b("n,,n=nobody,r=xyz")).data(), StandardCharsets.UTF_8);
        assertTrue(first.matches("r=xyzabc,s=[A-Za-z0-9+/=]+,i=4096"), first);
        assertEquals("not-authorized", assertThrows(SaslFailure.class,
                () -> s.evaluate(b("c=biws,r=xyzabc,p=AAAA"))).condition());
    }

    @Test
    void refusesChannelBindingForeignAuthzidAndGarbage() {
        assertEquals("malformed-request", assertThrows(SaslFailure.class, () -> server(ScramAlgorithm.SHA_256,
                "W22ZaJ0SNY7soEsUEjb6gQ==", "n").evaluate(b("p=tls-exporter,,n=user,r=abc"))).condition());
        assertEquals("invalid-authzid", assertThrows(SaslFailure.class, () -> server(ScramAlgorithm.SHA_256,
                "W22ZaJ0SNY7soEsUEjb6gQ==", "n").evaluate(b("n,a=admin@localhost,n=user,r=abc"))).condition());
        assertEquals("malformed-request", assertThrows(SaslFailure.class, () -> server(ScramAlgorithm.SHA_256,
                "W22ZaJ0SNY7soEsUEjb6gQ==", "n").evaluate(b("garbage"))).condition());
    }

    @Test
    void ownAuthzidAndEscapedNamesAreAccepted() throws Exception {
        server(ScramAlgorithm.SHA_256, "W22ZaJ0SNY7soEsUEjb6gQ==", "n").evaluate(b("n,a=user@localhost,n=user,r=abc"));
        assertEquals("a,b=c", ScramServer.saslName("a=2Cb=3Dc"));
    }

    @Test
    void plainChecksTheStoredHash() throws Exception {
        ScramCredentials c = Scram.derive(ScramAlgorithm.SHA_256, "secret", 4096);
        PlainServer ok = new PlainServer(u -> u.equals("alice") ? Optional.of(c) : Optional.empty(), "localhost");
        assertTrue(ok.evaluate(b("\0Alice\0secret")).done());
        assertEquals("alice", ok.username());
        assertEquals("not-authorized", assertThrows(SaslFailure.class,
                () -> new PlainServer(u -> Optional.of(c), "localhost").evaluate(b("\0alice\0wrong"))).condition());
        assertEquals("malformed-request", assertThrows(SaslFailure.class,
                () -> new PlainServer(u -> Optional.of(c), "localhost").evaluate(b("alice"))).condition());
    }
}
