package im.confab.tls.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Just enough of a DER encoder (ITU-T X.690) to write one X.509 certificate (RFC 5280): values are built
 * bottom-up as complete TLV byte arrays. Only low tag numbers (below 31) are needed, so only those exist.
 */
final class Der {
    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {
    }

    /** A complete TLV: tag, definite length (short or long form), value. */
    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... items) {
        return tlv(SEQUENCE, concat(items));
    }

    /** SET OF: DER wants the encodings in ascending order (X.690 11.6). */
    static byte[] setOf(byte[]... items) {
        byte[][] sorted = items.clone();
        Arrays.sort(sorted, Arrays::compareUnsigned);
        return tlv(SET, concat(sorted));
    }

    /** Two's complement, minimal length: exactly what BigInteger.toByteArray gives. */
    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {value ? (byte) 0xff : 0});
    }

    static byte[] nul() {
        return tlv(NULL, new byte[0]);
    }

    static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    /** A BIT STRING whose last {@code unusedBits} bits (of the last byte) are padding. */
    static byte[] bitString(int unusedBits, byte[] bits) {
        if (unusedBits < 0 || unusedBits > 7 || bits.length == 0 && unusedBits != 0) {
            throw new IllegalArgumentException("bad unused bit count " + unusedBits);
        }
        byte[] value = new byte[bits.length + 1];
        value[0] = (byte) unusedBits;
        System.arraycopy(bits, 0, value, 1, bits.length);
        return tlv(BIT_STRING, value);
    }

    static byte[] utf8String(String s) {
        return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    /** OBJECT IDENTIFIER from dotted form: first two arcs folded into one, each arc in base 128. */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("OID needs at least two arcs: " + dotted);
        }
        long first = Long.parseLong(parts[0]);
        long second = Long.parseLong(parts[1]);
        if (first < 0 || first > 2 || second < 0 || first < 2 && second > 39) {
            throw new IllegalArgumentException("bad OID " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, first * 40 + second);
        for (int i = 2; i < parts.length; i++) {
            long arc = Long.parseLong(parts[i]);
            if (arc < 0) {
                throw new IllegalArgumentException("bad OID " + dotted);
            }
            base128(out, arc);
        }
        return tlv(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long arc) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int b = (int) (arc >>> (7 * i)) & 0x7f;
            out.write(i == 0 ? b : b | 0x80);
        }
    }

    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds, always Zulu. */
    static byte[] time(Instant instant) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        if (t.getYear() >= 1950 && t.getYear() < 2050) {
            return tlv(UTC_TIME, t.format(UTC_TIME_FORMAT).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(GENERALIZED_TIME, t.format(GENERALIZED_TIME_FORMAT).getBytes(StandardCharsets.US_ASCII));
    }

    /** [n] EXPLICIT: a constructed context-specific wrapper around a complete encoding. */
    static byte[] explicit(int tagNumber, byte[] encoding) {
        return tlv(0xa0 | lowTag(tagNumber), encoding);
    }

    /** [n] IMPLICIT of a primitive type: the contents of that type under a context-specific tag. */
    static byte[] implicitPrimitive(int tagNumber, byte[] contents) {
        return tlv(0x80 | lowTag(tagNumber), contents);
    }

    private static int lowTag(int n) {
        if (n < 0 || n > 30) {
            throw new IllegalArgumentException("tag number " + n + " needs the high-tag form");
        }
        return n;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
