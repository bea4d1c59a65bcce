package im.confab.tls.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext whose engines and sockets enable only the configured protocols, without touching the
 * JVM-wide {@code jdk.tls.server.protocols}. Its default and supported parameters name only those protocols
 * too, so that libraries deriving their protocol list from the context (Netty's JdkSslContext does) agree.
 */
final class ProtocolRestrictedContext extends SSLContextSpi {
    private final SSLContext delegate;
    private final String[] protocols;

    private ProtocolRestrictedContext(SSLContext delegate, List<String> protocols) {
        this.delegate = delegate;
        this.protocols = protocols.toArray(String[]::new);
    }

    /** @param initialized a context that is already initialized; it stays private to the wrapper */
    static SSLContext wrap(SSLContext initialized, List<String> protocols) {
        return new SSLContext(new ProtocolRestrictedContext(initialized, protocols), initialized.getProvider(),
                initialized.getProtocol()) {
        };
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
        throw new KeyManagementException("this context is initialized already");
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return restrict(delegate.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return restrict(delegate.createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return restrict(delegate.getDefaultSSLParameters());
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return restrict(delegate.getSupportedSSLParameters());
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return new Sockets(delegate.getSocketFactory());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return new ServerSockets(delegate.getServerSocketFactory());
    }

    private SSLEngine restrict(SSLEngine engine) {
        engine.setEnabledProtocols(protocols);
        return engine;
    }

    private SSLParameters restrict(SSLParameters parameters) {
        parameters.setProtocols(protocols.clone());
        return parameters;
    }

    private Socket restrict(Socket socket) {
        ((SSLSocket) socket).setEnabledProtocols(protocols);
        return socket;
    }

    private ServerSocket restrict(ServerSocket socket) {
        ((SSLServerSocket) socket).setEnabledProtocols(protocols);
        return socket;
    }

    private final class Sockets extends SSLSocketFactory {
        private final SSLSocketFactory factory;

        Sockets(SSLSocketFactory factory) {
            this.factory = factory;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return factory.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return factory.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return restrict(factory.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return restrict(factory.createSocket(s, host, port, autoClose));
        }

        /** Server-side STARTTLS over an existing socket whose first bytes were already read. */
        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return restrict(factory.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return restrict(factory.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return restrict(factory.createSocket(host, port, localAddress, localPort));
        }

        @Override
        public Socket createSocket(InetAddress address, int port) throws IOException {
            return restrict(factory.createSocket(address, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return restrict(factory.createSocket(address, port, localAddress, localPort));
        }
    }

    private final class ServerSockets extends SSLServerSocketFactory {
        private final SSLServerSocketFactory factory;

        ServerSockets(SSLServerSocketFactory factory) {
            this.factory = factory;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return factory.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return factory.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return restrict(factory.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return restrict(factory.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return restrict(factory.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return restrict(factory.createServerSocket(port, backlog, address));
        }
    }
}
