package im.confab.tls.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** Runs a TLS handshake between two SSLEngines through byte buffers, without sockets. */
final class InMemoryTls {
    private InMemoryTls() {
    }

    /** A client context that trusts exactly this certificate. */
    static SSLContext clientTrusting(X509Certificate cert, String protocol) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance(protocol);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A client engine that checks the server's name the way XMPP clients do (RFC 6125, via HTTPS rules). */
    static SSLEngine clientEngine(SSLContext ctx, String host, String... protocols) {
        SSLEngine client = ctx.createSSLEngine(host, 5222);
        client.setUseClientMode(true);
        SSLParameters p = client.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols.length > 0) {
            p.setProtocols(protocols);
        }
        client.setSSLParameters(p);
        return client;
    }

    static SSLEngine serverEngine(SSLContext ctx) {
        SSLEngine server = ctx.createSSLEngine();
        server.setUseClientMode(false);
        return server;
    }

    /** Handshakes, then sends "ping" from client to server; returns what the server read. */
    static String handshakeAndSend(SSLEngine client, SSLEngine server) throws SSLException {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(4 * packet);
        ByteBuffer toClient = ByteBuffer.allocate(4 * packet);
        ByteBuffer serverIn = ByteBuffer.allocate(2 * app);
        ByteBuffer clientIn = ByteBuffer.allocate(2 * app);
        ByteBuffer empty = ByteBuffer.allocate(0);

        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100; round++) {
            if (done(client) && done(server)) {
                ByteBuffer ping = ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8));
                client.wrap(ping, toServer);
                pump(toServer, server, serverIn);
                serverIn.flip();
                return StandardCharsets.UTF_8.decode(serverIn).toString();
            }
            client.wrap(empty, toServer);
            tasks(client);
            server.wrap(empty, toClient);
            tasks(server);
            pump(toServer, server, serverIn);
            pump(toClient, client, clientIn);
        }
        throw new AssertionError("handshake did not finish: client " + client.getHandshakeStatus() + ", server "
                + server.getHandshakeStatus());
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus s = e.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    /** Feeds every complete record in {@code net} to {@code engine}. */
    private static void pump(ByteBuffer net, SSLEngine engine, ByteBuffer app) throws SSLException {
        net.flip();
        try {
            while (net.hasRemaining()) {
                int before = net.remaining();
                engine.unwrap(net, app);
                tasks(engine);
                if (net.remaining() == before) {
                    break; // an incomplete record: wait for more
                }
            }
        } finally {
            net.compact();
        }
    }

    private static void tasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
