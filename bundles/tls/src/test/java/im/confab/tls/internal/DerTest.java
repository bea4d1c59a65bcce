package im.confab.tls.internal;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;

import javax.security.auth.x500.X500Principal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DerTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void integersAreMinimalTwosComplement() {
        assertEquals("020100", hex(Der.integer(0)));
        assertEquals("02017f", hex(Der.integer(127)));
        assertEquals("02020080", hex(Der.integer(128)));
        assertEquals("02020100", hex(Der.integer(256)));
        assertEquals("0201ff", hex(Der.integer(-1)));
        assertEquals("020900ffffffffffffffff", hex(Der.integer(new BigInteger("ffffffffffffffff", 16))));
    }

    @Test
    void lengthsUseShortAndLongForms() {
        assertEquals("047f", hex(Der.octetString(new byte[127])).substring(0, 4));
        assertEquals("048180", hex(Der.octetString(new byte[128])).substring(0, 6));
        assertEquals("0481ff", hex(Der.octetString(new byte[255])).substring(0, 6));
        assertEquals("04820100", hex(Der.octetString(new byte[256])).substring(0, 8));
        assertEquals("0483010000", hex(Der.octetString(new byte[65536])).substring(0, 10));
        assertEquals(65536 + 5, Der.octetString(new byte[65536]).length);
    }

    @Test
    void objectIdentifiers() {
        assertEquals("06062a864886f70d", hex(Der.oid("1.2.840.113549")));
        assertEquals("0603551d11", hex(Der.oid("2.5.29.17")));
        assertEquals("06082a8648ce3d040302", hex(Der.oid("1.2.840.10045.4.3.2")));
        assertEquals("06082b06010505070301", hex(Der.oid("1.3.6.1.5.5.7.3.1")));
        assertEquals("0603883703", hex(Der.oid("2.999.3"))); // first subidentifier above 127
        assertThrows(IllegalArgumentException.class, () -> Der.oid("1"));
        assertThrows(IllegalArgumentException.class, () -> Der.oid("1.40"));
        assertThrows(IllegalArgumentException.class, () -> Der.oid("3.1"));
    }

    @Test
    void primitives() {
        assertEquals("0101ff", hex(Der.bool(true)));
        assertEquals("010100", hex(Der.bool(false)));
        assertEquals("0500", hex(Der.nul()));
        assertEquals("03020780", hex(Der.bitString(7, new byte[] {(byte) 0x80})));
        assertEquals("030100", hex(Der.bitString(0, new byte[0])));
        assertEquals("0c03c3a962", hex(Der.utf8String("éb")));
        assertThrows(IllegalArgumentException.class, () -> Der.bitString(8, new byte[1]));
    }

    @Test
    void timesSwitchToGeneralizedTimeIn2050() {
        assertEquals("170d3236303130323033303430355a", hex(Der.time(Instant.parse("2026-01-02T03:04:05Z"))));
        assertEquals("170d3439313233313233353935395a", hex(Der.time(Instant.parse("2049-12-31T23:59:59Z"))));
        assertEquals("180f32303530303130313030303030305a", hex(Der.time(Instant.parse("2050-01-01T00:00:00Z"))));
        // fractions are dropped: DER times have whole seconds here
        assertEquals("170d3236303130323033303430355a", hex(Der.time(Instant.parse("2026-01-02T03:04:05.9Z"))));
    }

    @Test
    void constructedAndTagged() {
        assertEquals("3000", hex(Der.sequence()));
        assertEquals("3006020101020102", hex(Der.sequence(Der.integer(1), Der.integer(2))));
        assertEquals("a003020102", hex(Der.explicit(0, Der.integer(2))));
        assertEquals("82096c6f63616c686f7374", hex(Der.implicitPrimitive(2, "localhost".getBytes())));
        assertThrows(IllegalArgumentException.class, () -> Der.explicit(31, new byte[0]));
    }

    @Test
    void setOfIsSorted() {
        assertArrayEquals(Der.setOf(Der.integer(1), Der.integer(2)), Der.setOf(Der.integer(2), Der.integer(1)));
        assertEquals("3106020101020102", hex(Der.setOf(Der.integer(2), Der.integer(1))));
    }

    @Test
    void nameIsReadableByTheJdk() {
        byte[] name = Der.sequence(Der.setOf(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String("xmpp.example"))));
        assertEquals("CN=xmpp.example", new X500Principal(name).getName());
    }
}
