package im.confab.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.tls.TlsContextProvider;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The c2s TLS engines against a JDK client, in memory: BoringSSL when it loads (the test class path has
 * Netty's tcnative jars for linux-x86_64, as the distribution has), the JDK's when told so, and the identity's
 * certificate and protocols either way.
 */
class TlsEnginesTest {
    private static final char[] PASSWORD = "secret".toCharArray();
    private static KeyStore keyStore;

    @BeforeAll
    static void identity(@TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "confab", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost", "-validity", "2",
                "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), out);
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            keyStore.load(in, PASSWORD);
        }
    }

    @Test
    void boringSslServesTheIdentitysCertificateOverTls13() throws Exception {
        TlsEngines engines = TlsEngines.of(identity(List.of("TLSv1.3", "TLSv1.2")), true);
        try {
            assertTrue(engines.isNative(), "tcnative is on the test class path for linux-x86_64");
            assertEquals("TLSv1.3", exchange(engines));
        } finally {
            engines.release();
        }
    }

    @Test
    void theIdentitysProtocolsHoldForBoringSslToo() throws Exception {
        TlsEngines engines = TlsEngines.of(identity(List.of("TLSv1.2")), true);
        try {
            assertTrue(engines.isNative());
            assertEquals("TLSv1.2", exchange(engines));
        } finally {
            engines.release();
        }
    }

    @Test
    void nativeTlsOffUsesTheJdksEngines() throws Exception {
        TlsEngines engines = TlsEngines.of(identity(List.of("TLSv1.3", "TLSv1.2")), false);
        assertFalse(engines.isNative());
        assertEquals("TLSv1.3", exchange(engines));
    }

    /** A handshake and one record each way; @return the protocol the client negotiated */
    private static String exchange(TlsEngines engines) throws Exception {
        SslHandler handler = engines.handler(UnpooledByteBufAllocator.DEFAULT, false);
        SSLEngine server = handler.engine();
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", keyStore.getCertificate("confab"));
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            SSLEngine client = ctx.createSSLEngine("localhost", 5222);
            client.setUseClientMode(true);
            client.beginHandshake();
            server.beginHandshake();

            ByteBuffer toServer = ByteBuffer.allocate(1 << 16);
            ByteBuffer toClient = ByteBuffer.allocate(1 << 16);
            ByteBuffer clientApp = ByteBuffer.allocate(1 << 16);
            ByteBuffer serverApp = ByteBuffer.allocate(1 << 16);
            ByteBuffer hello = ByteBuffer.wrap("<stream:stream>".getBytes(StandardCharsets.UTF_8));
            ByteBuffer answer = ByteBuffer.wrap("<stream:features/>".getBytes(StandardCharsets.UTF_8));
            for (int round = 0; round < 50 && (serverApp.position() == 0 || clientApp.position() == 0); round++) {
                step(client, hello, toServer);
                toServer.flip();
                unwrapAll(server, toServer, serverApp);
                toServer.compact();
                step(server, serverApp.position() > 0 ? answer : ByteBuffer.allocate(0), toClient);
                toClient.flip();
                unwrapAll(client, toClient, clientApp);
                toClient.compact();
            }
            assertEquals("<stream:stream>", text(serverApp));
            assertEquals("<stream:features/>", text(clientApp));
            X509Certificate presented = (X509Certificate) client.getSession().getPeerCertificates()[0];
            assertEquals(keyStore.getCertificate("confab"), presented);
            return client.getSession().getProtocol();
        } finally {
            ReferenceCountUtil.release(server);
        }
    }

    private static void step(SSLEngine engine, ByteBuffer app, ByteBuffer net) throws Exception {
        for (int i = 0; i < 10; i++) {
            runTasks(engine);
            SSLEngineResult r = engine.wrap(app, net);
            if (r.bytesProduced() == 0 && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                return;
            }
        }
    }

    private static void unwrapAll(SSLEngine engine, ByteBuffer net, ByteBuffer app) throws Exception {
        while (net.hasRemaining()) {
            runTasks(engine);
            SSLEngineResult r = engine.unwrap(net, app);
            runTasks(engine);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                return;
            }
        }
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable t = engine.getDelegatedTask(); t != null; t = engine.getDelegatedTask()) {
            t.run();
        }
    }

    private static String text(ByteBuffer b) {
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static TlsContextProvider identity(List<String> protocols) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keyStore, PASSWORD);
        X509ExtendedKeyManager km = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(kmf.getKeyManagers(), null, null);
        return new TlsContextProvider() {
            @Override
            public SSLContext serverContext() {
                return jdk;
            }

            @Override
            public X509ExtendedKeyManager keyManager() {
                return km;
            }

            @Override
            public List<String> protocols() {
                return protocols;
            }
        };
    }
}
