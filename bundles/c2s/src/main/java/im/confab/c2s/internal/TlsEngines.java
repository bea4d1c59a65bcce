package im.confab.c2s.internal;

import im.confab.api.tls.TlsContextProvider;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

import java.lang.System.Logger.Level;
import java.security.KeyStore;
import java.security.Provider;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;

/**
 * The server-side TLS engines for one TLS identity: BoringSSL (Netty's tcnative bundles) when it is installed
 * and loads, else the JDK's. A full TLS 1.3 handshake in the JDK was half the CPU of a login
 * (docs/performance.md); the certificate, the key and the protocols are the identity's either way.
 */
final class TlsEngines {
    private static final System.Logger LOG = System.getLogger(TlsEngines.class.getName());

    private final TlsContextProvider identity;
    /** BoringSSL's context (reference counted: each engine holds it too), or null for the JDK's engines. */
    private final SslContext boringSsl;

    private TlsEngines(TlsContextProvider identity, SslContext boringSsl) {
        this.identity = identity;
        this.boringSsl = boringSsl;
    }

    /** @param allowNative false forces the JDK's engines ({@code native.tls = false}) */
    static TlsEngines of(TlsContextProvider identity, boolean allowNative) {
        if (!allowNative) {
            LOG.log(Level.INFO, "c2s: TLS by the JDK (native.tls = false)");
            return new TlsEngines(identity, null);
        }
        if (!OpenSsl.isAvailable()) {
            LOG.log(Level.INFO, "c2s: TLS by the JDK; BoringSSL is not available ({0})",
                    String.valueOf(OpenSsl.unavailabilityCause()));
            return new TlsEngines(identity, null);
        }
        try {
            // key material converted once per certificate and cached (the identity's aliases are stable)
            SslContext context = SslContextBuilder
                    .forServer(new OpenSslCachingX509KeyManagerFactory(factoryOf(identity.keyManager())))
                    .sslProvider(SslProvider.OPENSSL_REFCNT)
                    .protocols(identity.protocols())
                    .build();
            LOG.log(Level.INFO, "c2s: TLS by {0}, protocols {1}", OpenSsl.versionString(), identity.protocols());
            return new TlsEngines(identity, context);
        } catch (javax.net.ssl.SSLException | RuntimeException e) {
            LOG.log(Level.WARNING, "c2s: BoringSSL refused the TLS identity, using the JDK's TLS", e);
            return new TlsEngines(identity, null);
        }
    }

    TlsContextProvider identity() {
        return identity;
    }

    boolean isNative() {
        return boringSsl != null;
    }

    /** @return a server-side handler; {@code startTls}: the first write (the proceed) goes out in the clear */
    SslHandler handler(ByteBufAllocator alloc, boolean startTls) {
        SSLEngine engine;
        if (boringSsl != null) {
            engine = boringSsl.newEngine(alloc); // released by the handler when it is removed
        } else {
            engine = identity.serverContext().createSSLEngine();
            engine.setUseClientMode(false);
        }
        return new SslHandler(engine, startTls);
    }

    /** Drops this side's hold on BoringSSL's context; engines still open keep it until they end. */
    void release() {
        if (boringSsl != null) {
            ReferenceCountUtil.release(boringSsl);
        }
    }

    private static KeyManagerFactory factoryOf(KeyManager keyManager) {
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {keyManager};
            }
        }, new Provider("confab-identity", "1", "the TLS identity's key manager") {
        }, "identity") {
        };
    }
}
