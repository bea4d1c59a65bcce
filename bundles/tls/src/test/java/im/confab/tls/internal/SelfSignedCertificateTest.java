package im.confab.tls.internal;

import org.junit.jupiter.api.Test;

import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfSignedCertificateTest {

    private static List<List<?>> sans(X509Certificate c) throws Exception {
        return new ArrayList<>(c.getSubjectAlternativeNames());
    }

    @Test
    void generatedCertificateParsesAndIsSelfSigned() throws Exception {
        Instant now = Instant.parse("2026-11-20T10:15:30.5Z");
        SelfSignedCertificate.Generated g = SelfSignedCertificate.generate(
                List.of("xmpp.example.org", "conference.example.org", "127.0.0.1", "::1"), now);
        X509Certificate c = g.certificate();

        c.verify(c.getPublicKey()); // self-signed: its own key checks its signature
        assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
        assertEquals("CN=xmpp.example.org", c.getSubjectX500Principal().getName());
        assertEquals(3, c.getVersion());
        assertEquals("SHA256withECDSA", c.getSigAlgName());
        assertTrue(c.getPublicKey() instanceof ECPublicKey);
        assertEquals("EC", g.privateKey().getAlgorithm());
        assertTrue(c.getSerialNumber().signum() > 0);

        assertEquals(Instant.parse("2026-11-20T09:15:30Z"), c.getNotBefore().toInstant());
        assertEquals(Duration.ofDays(3650), Duration.between(c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant()));
        c.checkValidity(java.util.Date.from(now));

        assertEquals(List.of(
                List.of(2, "xmpp.example.org"),
                List.of(2, "conference.example.org"),
                List.of(7, "127.0.0.1"),
                List.of(7, "0:0:0:0:0:0:0:1")), sans(c));

        assertEquals(-1, c.getBasicConstraints()); // not a CA
        boolean[] usage = c.getKeyUsage();
        assertTrue(usage[0]); // digitalSignature
        assertFalse(usage[5]); // keyCertSign
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), c.getExtendedKeyUsage());
        assertTrue(c.getCriticalExtensionOIDs().contains("2.5.29.15"));
        assertFalse(c.getNonCriticalExtensionOIDs().isEmpty());
    }

    @Test
    void eachCertificateHasItsOwnKeyAndSerial() throws Exception {
        X509Certificate a = SelfSignedCertificate.generate(List.of("localhost")).certificate();
        X509Certificate b = SelfSignedCertificate.generate(List.of("localhost")).certificate();
        assertNotEquals(a.getSerialNumber(), b.getSerialNumber());
        assertNotEquals(a.getPublicKey(), b.getPublicKey());
        assertThrows(java.security.SignatureException.class, () -> a.verify(b.getPublicKey()));
    }

    @Test
    void validityBeyond2049UsesGeneralizedTime() throws Exception {
        X509Certificate c = SelfSignedCertificate.generate(List.of("localhost"),
                Instant.parse("2045-06-01T00:00:00Z")).certificate();
        assertEquals(Instant.parse("2055-05-29T23:00:00Z"), c.getNotAfter().toInstant());
    }

    @Test
    void hostNamesAreNormalizedToAscii() {
        List<SelfSignedCertificate.SanEntry> names = SelfSignedCertificate.subjectAltNames(
                List.of(" Example.ORG. ", "bücher.example", "*.chat.example", "10.0.0.255", "fe80::1"));
        assertEquals(List.of("example.org", "xn--bcher-kva.example", "*.chat.example", "10.0.0.255", "fe80::1"),
                names.stream().map(SelfSignedCertificate.SanEntry::text).toList());
        assertArrayEquals(new byte[] {10, 0, 0, (byte) 255}, names.get(3).value());
        assertEquals(16, names.get(4).value().length);
    }

    @Test
    void invalidHostNamesAreRefusedWithTheirName() {
        for (String bad : List.of("", "under_score.example", "-lead.example", "a..b", "sp ace", "1.2.3.04x:",
                "g::1", "x".repeat(64) + ".example")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SelfSignedCertificate.subjectAltNames(List.of(bad)), bad);
            assertTrue(bad.isEmpty() || e.getMessage().contains(bad.strip()), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificate.subjectAltNames(List.of()));
    }

    @Test
    void ipv4WithLeadingZerosIsNotAnAddress() {
        // "010.0.0.1" is ambiguous (octal?): it becomes a dNSName (labels may be all digits), never an iPAddress
        List<SelfSignedCertificate.SanEntry> names = SelfSignedCertificate.subjectAltNames(List.of("010.0.0.1"));
        assertEquals(2, names.get(0).type());
    }
}
