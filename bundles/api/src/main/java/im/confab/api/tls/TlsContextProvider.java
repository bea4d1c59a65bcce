package im.confab.api.tls;

import javax.net.ssl.SSLContext;

import org.osgi.annotation.versioning.ProviderType;

/** The server's TLS identity: the certificate and key that c2s (and later s2s) present. */
@ProviderType
public interface TlsContextProvider {

    /** @return a context for server-side engines */
    SSLContext serverContext();
}
