package im.confab.tls.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The keystore on disk and the SSLContext made from it: pure logic without OSGi, so tests drive it directly.
 * Every failure is an exception whose message says what to do about it.
 */
final class ServerIdentity {
    /** The alias of the key entry in a keystore we generated. */
    static final String GENERATED_ALIAS = "confab";
    /** Protocols we agree to enable; older ones are broken (RFC 8996) and disabled by the JDK anyway. */
    static final Set<String> ACCEPTABLE_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    private ServerIdentity() {
    }

    /** Loads a PKCS12 keystore that must hold at least one private key. */
    static KeyStore load(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IOException("cannot open keystore " + keystore + ": wrong password", e);
            }
            throw new IOException("cannot read keystore " + keystore + ": not a PKCS12 file, or damaged ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        if (keyAliases(ks).isEmpty()) {
            throw new GeneralSecurityException("keystore " + keystore + " holds no private key entry");
        }
        return ks;
    }

    /**
     * Generates a self-signed certificate for the hosts and writes it as a PKCS12 keystore, atomically and
     * readable by the owner only, so that a crash never leaves half a keystore and no other user reads the key.
     */
    static KeyStore createSelfSigned(Path keystore, char[] password, List<String> hosts)
            throws IOException, GeneralSecurityException {
        SelfSignedCertificate.Generated g = SelfSignedCertificate.generate(hosts);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(GENERATED_ALIAS, g.privateKey(), password, new Certificate[] {g.certificate()});
        writeAtomically(keystore, ks, password);
        return ks;
    }

    private static void writeAtomically(Path target, KeyStore ks, char[] password)
            throws IOException, GeneralSecurityException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", ownerOnly);
        try {
            if (!posix) {
                ownerOnly(tmp);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                ks.store(out, password);
                ch.force(true); // on disk before the rename makes it visible
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void ownerOnly(Path file) {
        var f = file.toFile();
        f.setReadable(false, false);
        f.setReadable(true, true);
        f.setWritable(false, false);
        f.setWritable(true, true);
    }

    /**
     * A server context from the keystore, enabling only the given protocols.
     *
     * @throws IllegalArgumentException if a protocol is not acceptable or not supported by this JDK
     */
    static SSLContext serverContext(KeyStore ks, char[] password, List<String> protocols)
            throws GeneralSecurityException {
        return serverContext(keyManager(ks, password), protocols);
    }

    /** A server context with the given key manager, enabling only the given protocols. */
    static SSLContext serverContext(X509ExtendedKeyManager held, List<String> protocols)
            throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {held}, null, null);
        checkProtocols(protocols, List.of(context.getSupportedSSLParameters().getProtocols()));
        return ProtocolRestrictedContext.wrap(context, protocols);
    }

    /**
     * The key manager of the keystore: PKIX (NewSunX509) picks among several key entries by SNI host and
     * validity (SunX509 takes the first), with the keys decrypted once and held (see {@link HeldKeyManager}).
     */
    static X509ExtendedKeyManager keyManager(KeyStore ks, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, password);
        return HeldKeyManager.of((X509ExtendedKeyManager) kmf.getKeyManagers()[0], ks, password);
    }

    /** @return the protocols, if they are all acceptable and supported */
    static List<String> checkProtocols(List<String> protocols, Collection<String> supported) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no protocols; use TLSv1.3 and/or TLSv1.2");
        }
        for (String p : protocols) {
            if (!ACCEPTABLE_PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("protocol '" + p + "' is not accepted; use TLSv1.3 and/or"
                        + " TLSv1.2");
            }
            if (!supported.contains(p)) {
                throw new IllegalArgumentException("protocol '" + p + "' is not supported by this JDK");
            }
        }
        return protocols;
    }

    static List<String> keyAliases(KeyStore ks) throws GeneralSecurityException {
        List<String> out = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) {
                out.add(alias);
            }
        }
        return out;
    }

    /** @return the leaf certificates of the key entries */
    static List<X509Certificate> serverCertificates(KeyStore ks) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (String alias : keyAliases(ks)) {
            if (ks.getCertificate(alias) instanceof X509Certificate c) {
                out.add(c);
            }
        }
        return out;
    }

    /** @return the dNSName and iPAddress subjectAltNames, lower case */
    static Set<String> names(X509Certificate c) throws CertificateParsingException {
        Set<String> out = new LinkedHashSet<>();
        Collection<List<?>> sans = c.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                if (san.get(1) instanceof String s) {
                    out.add(s.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** @return the configured hosts that no certificate names (so clients would refuse them) */
    static List<String> uncoveredHosts(KeyStore ks, List<String> hosts) throws GeneralSecurityException {
        Set<String> names = new LinkedHashSet<>();
        for (X509Certificate c : serverCertificates(ks)) {
            names.addAll(names(c));
        }
        List<String> out = new ArrayList<>();
        for (SelfSignedCertificate.SanEntry host : SelfSignedCertificate.subjectAltNames(hosts)) {
            String h = host.text();
            int dot = h.indexOf('.');
            boolean byWildcard = dot > 0 && names.contains("*" + h.substring(dot));
            if (!names.contains(h) && !byWildcard) {
                out.add(h);
            }
        }
        return out;
    }
}
