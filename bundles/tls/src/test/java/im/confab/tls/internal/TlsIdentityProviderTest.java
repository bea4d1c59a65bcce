package im.confab.tls.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsIdentityProviderTest {
    @TempDir
    Path data;

    /** A Config the way DS would make one; an annotation interface may be implemented directly. */
    private record TestConfig(String keystore, String keystore_password, String[] hosts, String[] protocols)
            implements TlsIdentityProvider.Config {
        static TestConfig defaults() {
            return new TestConfig("tls/server.p12", "changeit", new String[] {"localhost"},
                    new String[] {"TLSv1.3", "TLSv1.2"});
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return TlsIdentityProvider.Config.class;
        }
    }

    @Test
    void firstStartGeneratesUnderTheDataDirectoryAndSecondStartReusesIt() throws Exception {
        TlsIdentityProvider first = new TlsIdentityProvider(data, TestConfig.defaults());
        Path file = data.resolve("tls/server.p12");
        assertTrue(Files.isRegularFile(file));
        byte[] written = Files.readAllBytes(file);

        TlsIdentityProvider second = new TlsIdentityProvider(data, TestConfig.defaults());
        assertArrayEquals(written, Files.readAllBytes(file)); // loaded, not generated again
        X509Certificate c = ServerIdentity.serverCertificates(
                ServerIdentity.load(file, "changeit".toCharArray())).get(0);
        for (TlsIdentityProvider p : List.of(first, second)) {
            SSLContext client = InMemoryTls.clientTrusting(c, "TLS");
            assertEquals("ping", InMemoryTls.handshakeAndSend(InMemoryTls.clientEngine(client, "localhost"),
                    InMemoryTls.serverEngine(p.serverContext())));
        }
    }

    @Test
    void commaSeparatedValuesFromACfgFileAreSplit() throws Exception {
        new TlsIdentityProvider(data, new TestConfig("/" + data.resolve("abs.p12").toString().substring(1),
                "pw", new String[] {"a.example, b.example"}, new String[] {"TLSv1.3,TLSv1.2"}));
        X509Certificate c = ServerIdentity.serverCertificates(
                ServerIdentity.load(data.resolve("abs.p12"), "pw".toCharArray())).get(0);
        assertEquals("[a.example, b.example]", ServerIdentity.names(c).toString());
    }

    @Test
    void badConfigurationFailsActivationNamingPidAndKey() throws Exception {
        TestConfig d = TestConfig.defaults();
        assertFails("xmpp.tls hosts", new TestConfig(d.keystore(), "x", new String[] {"bad_host"}, d.protocols()));
        assertFails("xmpp.tls hosts", new TestConfig(d.keystore(), "x", new String[] {" "}, d.protocols()));
        assertFails("xmpp.tls protocols", new TestConfig(d.keystore(), "x", d.hosts(), new String[] {"TLSv1"}));
        assertFails("xmpp.tls protocols", new TestConfig(d.keystore(), "x", d.hosts(), new String[0]));
        assertTrue(Files.notExists(data.resolve("tls/server.p12")), "nothing generated from bad config");

        new TlsIdentityProvider(data, d);
        assertFails("wrong password", new TestConfig(d.keystore(), "other", d.hosts(), d.protocols()));
        Files.writeString(data.resolve("junk.p12"), "junk");
        assertFails("xmpp.tls keystore", new TestConfig("junk.p12", "x", d.hosts(), d.protocols()));
    }

    private void assertFails(String expected, TestConfig config) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TlsIdentityProvider(data, config));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
