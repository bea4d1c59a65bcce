package im.confab.tls.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class HeldKeyManagerTest {
    private static final char[] PASSWORD = "secret".toCharArray();

    @TempDir
    Path dir;

    @Test
    void everyHandshakeGetsTheSameHeldKeyForTheEntryPkixChose() throws Exception {
        KeyStore ks = ServerIdentity.createSelfSigned(dir.resolve("s.p12"), PASSWORD, List.of("xmpp.example"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, PASSWORD);
        X509ExtendedKeyManager pkix = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        HeldKeyManager held = HeldKeyManager.of(pkix, ks, PASSWORD);
        SSLContext any = SSLContext.getInstance("TLS");
        any.init(null, null, null);

        String pkixFirst = pkix.chooseEngineServerAlias("EC", null, any.createSSLEngine());
        String pkixSecond = pkix.chooseEngineServerAlias("EC", null, any.createSSLEngine());
        assertNotEquals(pkixFirst, pkixSecond); // PKIX names its choice afresh each time: why its own cache misses
        assertSame(held.getPrivateKey(pkixFirst), held.getPrivateKey(pkixSecond));

        String first = held.chooseEngineServerAlias("EC", null, any.createSSLEngine());
        String second = held.chooseEngineServerAlias("EC", null, any.createSSLEngine());
        // the keystore's own alias, every time: a cache of key material per alias (BoringSSL's) hits
        assertEquals(ServerIdentity.GENERATED_ALIAS, first);
        assertEquals(first, second);
        assertSame(held.getPrivateKey(first), held.getPrivateKey(pkixFirst));
        assertEquals(ks.getKey(ServerIdentity.GENERATED_ALIAS, PASSWORD), held.getPrivateKey(first));
        assertArrayEquals(ks.getCertificateChain(ServerIdentity.GENERATED_ALIAS), held.getCertificateChain(second));
        assertNull(held.chooseEngineServerAlias("RSA", null, any.createSSLEngine())); // PKIX still filters by key type
    }

    @Test
    void anAliasItCannotMapGoesToPkix() throws Exception {
        KeyStore ks = ServerIdentity.createSelfSigned(dir.resolve("s.p12"), PASSWORD, List.of("xmpp.example"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, PASSWORD);
        HeldKeyManager held = HeldKeyManager.of((X509ExtendedKeyManager) kmf.getKeyManagers()[0], ks, PASSWORD);
        for (String alias : new String[] {null, "other", "1.confab", "1.1.confab", "1.0.other"}) {
            assertNull(held.getPrivateKey(alias), alias);
            assertNull(held.getCertificateChain(alias), alias);
        }
    }
}
