package im.confab.tls.internal;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A self-signed server certificate (RFC 5280 profile) so that a fresh install speaks TLS at once: EC P-256,
 * ECDSA with SHA-256, subject CN = the first host, every host in subjectAltName. Clients must be told to trust
 * it; operators replace it with a CA-issued keystore for real use.
 */
final class SelfSignedCertificate {
    static final Duration VALIDITY = Duration.ofDays(3650);
    /** Tolerates clocks a little behind ours. */
    static final Duration BACKDATE = Duration.ofHours(1);

    private static final String OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2";
    private static final String OID_COMMON_NAME = "2.5.4.3";
    private static final String OID_BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String OID_KEY_USAGE = "2.5.29.15";
    private static final String OID_EXT_KEY_USAGE = "2.5.29.37";
    private static final String OID_SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2"; // s2s presents it as a client too
    private static final int SAN_DNS_NAME = 2;
    private static final int SAN_IP_ADDRESS = 7;
    private static final int MAX_COMMON_NAME = 64; // ub-common-name
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The key and the certificate for it. */
    record Generated(PrivateKey privateKey, X509Certificate certificate) {
    }

    private SelfSignedCertificate() {
    }

    static Generated generate(List<String> hosts) throws GeneralSecurityException {
        return generate(hosts, Instant.now());
    }

    static Generated generate(List<String> hosts, Instant now) throws GeneralSecurityException {
        List<SanEntry> names = subjectAltNames(hosts);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        KeyPair keys = generator.generateKeyPair();
        Instant notBefore = now.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
        BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE); // positive, at most 16 octets
        byte[] tbs = tbsCertificate(serial, names, keys.getPublic(), notBefore, notBefore.plus(VALIDITY));

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate(), RANDOM);
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, signatureAlgorithm(), Der.bitString(0, signer.sign()));

        // The JDK's parser is the judge of our encoder: parse and check the signature before anyone sees it.
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        certificate.verify(keys.getPublic());
        return new Generated(keys.getPrivate(), certificate);
    }

    static byte[] tbsCertificate(BigInteger serial, List<SanEntry> names, PublicKey key, Instant notBefore,
                                 Instant notAfter) {
        byte[] name = commonName(names.get(0).text());
        return Der.sequence(
                Der.explicit(0, Der.integer(2)), // v3
                Der.integer(serial),
                signatureAlgorithm(),
                name, // issuer
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                name, // subject
                key.getEncoded(), // SubjectPublicKeyInfo, already DER
                Der.explicit(3, Der.sequence(
                        extension(OID_BASIC_CONSTRAINTS, true, Der.sequence()), // cA FALSE is the default
                        extension(OID_KEY_USAGE, true, Der.bitString(7, new byte[] {(byte) 0x80})), // digitalSignature
                        extension(OID_EXT_KEY_USAGE, false,
                                Der.sequence(Der.oid(OID_SERVER_AUTH), Der.oid(OID_CLIENT_AUTH))),
                        extension(OID_SUBJECT_ALT_NAME, false, generalNames(names)))));
    }

    /** ecdsa-with-SHA256 with its parameters absent (RFC 5758 3.2). */
    private static byte[] signatureAlgorithm() {
        return Der.sequence(Der.oid(OID_ECDSA_SHA256));
    }

    private static byte[] commonName(String cn) {
        String value = cn.length() > MAX_COMMON_NAME ? cn.substring(0, MAX_COMMON_NAME) : cn;
        return Der.sequence(Der.setOf(Der.sequence(Der.oid(OID_COMMON_NAME), Der.utf8String(value))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value)); // DEFAULT FALSE is omitted in DER
    }

    private static byte[] generalNames(List<SanEntry> names) {
        byte[][] encoded = new byte[names.size()][];
        for (int i = 0; i < encoded.length; i++) {
            SanEntry n = names.get(i);
            encoded[i] = Der.implicitPrimitive(n.type(), n.value());
        }
        return Der.sequence(encoded);
    }

    /** One subjectAltName: its GeneralName tag, the encoded value and the text form. */
    record SanEntry(int type, byte[] value, String text) {
    }

    /**
     * Turns configured host names into subjectAltName entries: IP literals become iPAddress, names become
     * dNSName in their ASCII (IDNA) form, a leading {@code *.} is kept as a wildcard.
     *
     * @throws IllegalArgumentException naming the host that cannot be a certificate name
     */
    static List<SanEntry> subjectAltNames(List<String> hosts) {
        List<SanEntry> out = new ArrayList<>();
        for (String raw : hosts) {
            String host = raw == null ? "" : raw.strip();
            if (host.isEmpty()) {
                throw new IllegalArgumentException("empty host name");
            }
            if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0 && IPV6_CHARS.matcher(host).matches()) {
                out.add(new SanEntry(SAN_IP_ADDRESS, ipAddress(host), host));
            } else {
                String dns = dnsName(host);
                out.add(new SanEntry(SAN_DNS_NAME, dns.getBytes(StandardCharsets.US_ASCII), dns));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no host names");
        }
        return out;
    }

    private static byte[] ipAddress(String literal) {
        if (literal.indexOf(':') < 0) { // IPv4, already checked by the pattern: no leading zeros, each <= 255
            String[] parts = literal.split("\\.");
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                out[i] = (byte) Integer.parseInt(parts[i]);
            }
            return out;
        }
        try {
            // Brackets make the JDK parse an IPv6 literal or fail; it never resolves a name here.
            return InetAddress.getByName("[" + literal + "]").getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not a valid IP address");
        }
    }

    private static String dnsName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        boolean wildcard = name.startsWith("*.");
        String rest = wildcard ? name.substring(2) : name;
        String ascii;
        try {
            ascii = IDN.toASCII(rest, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name: " + e.getMessage());
        }
        if (ascii.isEmpty() || ascii.length() > 253) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a valid host name");
            }
        }
        return wildcard ? "*." + ascii : ascii;
    }
}
