package im.confab.tls.internal;

import im.confab.api.tls.TlsContextProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's TLS identity (RFC 6120 section 5, RFC 7590): a PKCS12 keystore under the data directory,
 * generated with a self-signed certificate on first start so that STARTTLS works out of the box.
 */
@Component(configurationPid = TlsIdentityProvider.PID, service = TlsContextProvider.class)
@Designate(ocd = TlsIdentityProvider.Config.class)
public final class TlsIdentityProvider implements TlsContextProvider {
    static final String PID = "xmpp.tls";
    private static final System.Logger LOG = System.getLogger(TlsIdentityProvider.class.getName());
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    /** Configuration of PID {@code xmpp.tls}. */
    @ObjectClassDefinition(name = "Confab TLS identity",
            description = "The certificate and key the server presents")
    public @interface Config {
        @AttributeDefinition(description = "PKCS12 keystore; a relative path is under the data directory."
                + " When the file is missing a self-signed certificate is generated into it.")
        String keystore() default "tls/server.p12";

        @AttributeDefinition(type = AttributeType.PASSWORD,
                description = "Password of the keystore and of its keys")
        String keystore_password() default "changeit";

        @AttributeDefinition(description = "Names for a generated certificate: the first is its CN, all go"
                + " into subjectAltName. Not used when the keystore exists.")
        String[] hosts() default "localhost";

        @AttributeDefinition(description = "Enabled protocols: TLSv1.3 and/or TLSv1.2")
        String[] protocols() default {"TLSv1.3", "TLSv1.2"};
    }

    private final SSLContext context;
    private final X509ExtendedKeyManager keyManager;
    private final List<String> protocols;

    @Activate
    public TlsIdentityProvider(BundleContext bundleContext, Config config) {
        this(dataDirectory(bundleContext), config);
    }

    TlsIdentityProvider(Path dataDirectory, Config config) {
        List<String> hosts = split(config.hosts());
        List<String> protocols = split(config.protocols());
        char[] password = config.keystore_password().toCharArray();
        try {
            check("hosts", () -> SelfSignedCertificate.subjectAltNames(hosts));
            check("protocols", () -> ServerIdentity.checkProtocols(protocols, ServerIdentity.ACCEPTABLE_PROTOCOLS));
            Path keystore = check("keystore", () -> dataDirectory.resolve(config.keystore().strip()));
            KeyStore ks = check("keystore", () -> loadOrCreate(keystore, password, hosts));
            keyManager = check("keystore", () -> ServerIdentity.keyManager(ks, password));
            context = check("protocols", () -> ServerIdentity.serverContext(keyManager, protocols));
            this.protocols = List.copyOf(protocols);
            describe(keystore, ks, hosts, protocols);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public SSLContext serverContext() {
        return context;
    }

    @Override
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    @Override
    public List<String> protocols() {
        return protocols;
    }

    private static KeyStore loadOrCreate(Path keystore, char[] password, List<String> hosts)
            throws IOException, GeneralSecurityException {
        if (Files.exists(keystore)) {
            return ServerIdentity.load(keystore, password);
        }
        KeyStore ks = ServerIdentity.createSelfSigned(keystore, password, hosts);
        X509Certificate cert = ServerIdentity.serverCertificates(ks).get(0);
        LOG.log(Level.INFO, "{0}: generated a self-signed certificate for {1} in {2}; clients must be told to"
                + " trust it (SHA-256 fingerprint {3}) or replace the file with a CA-issued PKCS12 keystore",
                PID, hosts, keystore, fingerprint(cert));
        return ks;
    }

    private static void describe(Path keystore, KeyStore ks, List<String> hosts, List<String> protocols) {
        try {
            Instant soon = Instant.now().plus(EXPIRY_WARNING);
            for (X509Certificate c : ServerIdentity.serverCertificates(ks)) {
                LOG.log(Level.INFO, "{0}: serving {1} for {2}, valid until {3}, protocols {4} (from {5})", PID,
                        c.getSubjectX500Principal().getName(), ServerIdentity.names(c),
                        c.getNotAfter().toInstant(), protocols, keystore);
                if (c.getNotAfter().toInstant().isBefore(soon)) {
                    LOG.log(Level.WARNING, "{0}: certificate {1} expires {2}; renew it in {3}", PID,
                            c.getSubjectX500Principal().getName(), c.getNotAfter().toInstant(), keystore);
                }
            }
            List<String> uncovered = ServerIdentity.uncoveredHosts(ks, hosts);
            if (!uncovered.isEmpty()) {
                LOG.log(Level.WARNING, "{0}: no certificate in {1} names {2}, so clients will refuse those"
                        + " names; delete the file to generate a new self-signed one", PID, keystore, uncovered);
            }
        } catch (GeneralSecurityException | RuntimeException e) { // only a diagnostic: never fatal
            LOG.log(Level.WARNING, PID + ": cannot describe the certificates in " + keystore, e);
        }
    }

    static Path dataDirectory(BundleContext bundleContext) {
        String dir = bundleContext.getProperty("confab.data");
        return Path.of(dir == null || dir.isBlank() ? "data" : dir).toAbsolutePath();
    }

    /** Accepts both real arrays and the comma-separated strings a .cfg file gives. */
    static List<String> split(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String s : v.split("[,\\s]+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    static String fingerprint(X509Certificate c) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            return "unavailable";
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException, GeneralSecurityException;
    }

    /** Runs one step of activation; a failure is logged and fails activation, naming the PID and key. */
    private static <T> T check(String key, Step<T> step) {
        try {
            return step.run();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String message = PID + " " + key + ": " + e.getMessage();
            // The message says it all for expected failures; SCR logs the exception with its trace as well.
            LOG.log(Level.ERROR, message + "; the TLS identity stays unavailable");
            throw new IllegalStateException(message, e);
        }
    }
}
