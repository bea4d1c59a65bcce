package im.confab.tls.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerIdentityTest {
    private static final char[] PASSWORD = "secret".toCharArray();
    private static final List<String> BOTH = List.of("TLSv1.3", "TLSv1.2");

    @TempDir
    Path dir;

    private static X509Certificate cert(KeyStore ks) throws GeneralSecurityException {
        return ServerIdentity.serverCertificates(ks).get(0);
    }

    @Test
    void generatedKeystoreIsWrittenOwnerOnlyAndReloads() throws Exception {
        Path file = dir.resolve("tls/server.p12");
        KeyStore created = ServerIdentity.createSelfSigned(file, PASSWORD, List.of("localhost"));

        assertTrue(Files.isRegularFile(file));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList()); // no temporary file left behind
        }
        KeyStore loaded = ServerIdentity.load(file, PASSWORD);
        assertEquals(List.of(ServerIdentity.GENERATED_ALIAS), ServerIdentity.keyAliases(loaded));
        assertArrayEquals(cert(created).getEncoded(), cert(loaded).getEncoded());
    }

    @Test
    void wrongPasswordAndGarbageAreClearErrors() throws Exception {
        Path file = dir.resolve("server.p12");
        ServerIdentity.createSelfSigned(file, PASSWORD, List.of("localhost"));
        IOException wrong = assertThrows(IOException.class, () -> ServerIdentity.load(file, "nope".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong password"), wrong.getMessage());

        Path garbage = dir.resolve("garbage.p12");
        Files.writeString(garbage, "not a keystore");
        IOException bad = assertThrows(IOException.class, () -> ServerIdentity.load(garbage, PASSWORD));
        assertTrue(bad.getMessage().contains(garbage.toString()), bad.getMessage());
    }

    @Test
    void keystoreWithoutKeyIsRefused() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", SelfSignedCertificate.generate(List.of("ca.example")).certificate());
        Path file = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> ServerIdentity.load(file, PASSWORD));
        assertTrue(e.getMessage().contains("no private key"), e.getMessage());
    }

    @Test
    void handshakeSucceedsWithTls13AndTls12() throws Exception {
        KeyStore ks = ServerIdentity.createSelfSigned(dir.resolve("s.p12"), PASSWORD,
                List.of("xmpp.example", "localhost"));
        SSLContext server = ServerIdentity.serverContext(ks, PASSWORD, BOTH);
        SSLContext client = InMemoryTls.clientTrusting(cert(ks), "TLS");

        for (String protocol : BOTH) {
            SSLEngine c = InMemoryTls.clientEngine(client, "xmpp.example", protocol);
            SSLEngine s = InMemoryTls.serverEngine(server);
            assertEquals("ping", InMemoryTls.handshakeAndSend(c, s));
            assertEquals(protocol, c.getSession().getProtocol());
            assertArrayEquals(cert(ks).getEncoded(), c.getSession().getPeerCertificates()[0].getEncoded());
        }
        // every host in subjectAltName passes hostname verification
        assertEquals("ping", InMemoryTls.handshakeAndSend(InMemoryTls.clientEngine(client, "localhost"),
                InMemoryTls.serverEngine(server)));
    }

    @Test
    void clientRefusesANameNotInTheCertificate() throws Exception {
        KeyStore ks = ServerIdentity.createSelfSigned(dir.resolve("s.p12"), PASSWORD, List.of("xmpp.example"));
        SSLContext server = ServerIdentity.serverContext(ks, PASSWORD, BOTH);
        SSLContext client = InMemoryTls.clientTrusting(cert(ks), "TLS");
        assertThrows(SSLHandshakeException.class, () -> InMemoryTls.handshakeAndSend(
                InMemoryTls.clientEngine(client, "other.example"), InMemoryTls.serverEngine(server)));
    }

    @Test
    void onlyConfiguredProtocolsAreEnabled() throws Exception {
        KeyStore ks = ServerIdentity.createSelfSigned(dir.resolve("s.p12"), PASSWORD, List.of("localhost"));
        SSLContext server = ServerIdentity.serverContext(ks, PASSWORD, List.of("TLSv1.3"));
        assertEquals(Set.of("TLSv1.3"), Set.of(server.createSSLEngine().getEnabledProtocols()));
        assertEquals(Set.of("TLSv1.3"), Set.of(server.getDefaultSSLParameters().getProtocols()));
        assertEquals(Set.of("TLSv1.3"), Set.of(server.getSupportedSSLParameters().getProtocols()));
        try (var socket = (javax.net.ssl.SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            assertEquals(Set.of("TLSv1.3"), Set.of(socket.getEnabledProtocols()));
        }
        assertThrows(java.security.KeyManagementException.class, () -> server.init(null, null, null));

        SSLContext client = InMemoryTls.clientTrusting(cert(ks), "TLS");
        assertThrows(SSLHandshakeException.class, () -> InMemoryTls.handshakeAndSend(
                InMemoryTls.clientEngine(client, "localhost", "TLSv1.2"), InMemoryTls.serverEngine(server)));
        assertEquals("ping", InMemoryTls.handshakeAndSend(InMemoryTls.clientEngine(client, "localhost"),
                InMemoryTls.serverEngine(server)));
    }

    @Test
    void obsoleteOrUnknownProtocolsAreRefused() {
        List<String> supported = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1");
        assertEquals(BOTH, ServerIdentity.checkProtocols(BOTH, supported));
        for (String p : List.of("TLSv1.1", "SSLv3", "tls1.3")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServerIdentity.checkProtocols(List.of(p), supported));
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ServerIdentity.checkProtocols(List.of(), supported));
        assertThrows(IllegalArgumentException.class,
                () -> ServerIdentity.checkProtocols(List.of("TLSv1.3"), List.of("TLSv1.2")));
    }

    @Test
    void uncoveredHostsAreReported() throws Exception {
        KeyStore ks = ServerIdentity.createSelfSigned(dir.resolve("s.p12"), PASSWORD,
                List.of("xmpp.example", "*.muc.example"));
        assertEquals(List.of(), ServerIdentity.uncoveredHosts(ks, List.of("XMPP.example", "room.muc.example")));
        assertEquals(List.of("other.example"), ServerIdentity.uncoveredHosts(ks, List.of("other.example")));
    }
}
