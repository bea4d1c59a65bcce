package im.confab.api.tls;

import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's TLS identity: the certificate and key that c2s (and later s2s) present. A transport may use the
 * JDK's engines from {@link #serverContext()}, or build engines of another TLS implementation (c2s uses
 * BoringSSL when installed) from the same {@link #keyManager()} and {@link #protocols()}.
 */
@ProviderType
public interface TlsContextProvider {

    /** @return a context for server-side engines of the JDK */
    SSLContext serverContext();

    /**
     * @return the key manager behind {@link #serverContext()}: it chooses the certificate by SNI host and key
     *         type, with stable aliases (the same alias for the same entry on every handshake), so that a TLS
     *         implementation may cache the key material per alias
     */
    X509ExtendedKeyManager keyManager();

    /** @return the enabled protocols, such as {@code TLSv1.3} and {@code TLSv1.2} */
    List<String> protocols();
}
