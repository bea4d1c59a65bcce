package im.confab.c2s.internal;

import im.confab.api.auth.InBandRegistration;
import im.confab.api.jid.Jid;
import im.confab.api.jid.JidFormatException;
import im.confab.api.session.BindException;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.ConnectionInfo;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError;
import im.confab.api.stanza.StanzaKind;
import im.confab.api.stanza.StreamError;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamHandler;
import im.confab.api.xml.XmlStreamParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * One client stream (RFC 6120): stream headers and features, STARTTLS, SASL, resource binding, then stanzas
 * to and from the session manager. All state is touched on the channel's event loop only; other threads
 * reach it through {@link #deliver} (the {@link Outbound} inbox) and {@link #close} (a task on that loop).
 */
final class XmppConnection extends ChannelInboundHandlerAdapter implements XmlStreamHandler, ClientConnection {
    private static final System.Logger LOG = System.getLogger(XmppConnection.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long the server waits for a peer to close the connection after the stream ended. */
    static final int CLOSE_LINGER_SECONDS = 5;
    private static final String HEADER_END = "' version='1.0' xml:lang='en' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams'>";

    private final C2sListener owner;
    private final Instant connectedAt = Instant.now();
    private final Sasl sasl;
    private Channel channel;
    private Outbound out;
    private XmlStreamParser parser;
    private ReadScratch scratch;
    private boolean tls;
    private String tlsProtocol;
    private boolean headerSent;
    private boolean restartPending;
    private boolean closing;
    private String domain;
    private Jid account;
    private volatile ClientSession session;
    private volatile long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> authTimer;

    XmppConnection(C2sListener owner, boolean directTls) {
        this.owner = owner;
        this.tls = directTls;
        this.sasl = new Sasl(this, owner);
    }

    // ---- Netty

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        C2sSettings s = owner.settings();
        out = new Outbound(ctx.channel(), s.maxOutboundBytes());
        channel = ctx.channel();
        scratch = owner.readScratch(ctx.channel().eventLoop());
        parser = owner.parsers.create(this, s.preAuthLimits());
        owner.opened(this);
        authTimer = ctx.executor().schedule(
                () -> close(StreamError.Condition.CONNECTION_TIMEOUT, "authentication took too long"),
                s.authTimeoutSeconds(), TimeUnit.SECONDS);
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            ssl.handshakeFuture().addListener(f -> tlsEstablished(ssl, f.isSuccess()));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] borrowed = null;
        try {
            if (!(msg instanceof ByteBuf buf) || closing) {
                return;
            }
            lastReadNanos = System.nanoTime();
            int n = buf.readableBytes();
            byte[] bytes;
            int offset;
            if (buf.hasArray()) {
                bytes = buf.array();
                offset = buf.arrayOffset() + buf.readerIndex();
            } else {
                borrowed = scratch.acquire(n);
                buf.getBytes(buf.readerIndex(), borrowed, 0, n);
                bytes = borrowed;
                offset = 0;
            }
            parser.feed(bytes, offset, n);
            if (restartPending) {
                restartPending = false;
                parser.reset();
            }
        } catch (XmlStreamException e) {
            LOG.log(Level.DEBUG, "stream error from {0}: {1}", remote(), e.getMessage());
            streamError(e.condition(), e.getMessage());
        } finally {
            if (borrowed != null) {
                scratch.release(borrowed);
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /** Everything this read batch produced, for this client, goes out in one write and one flush. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (out != null) {
            out.readComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (out != null) {
            out.discard();
        }
        if (authTimer != null) {
            authTimer.cancel(false);
        }
        ClientSession s = session;
        if (s != null) {
            s.end();
        }
        owner.closed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Error) { // the server's fault (a stack overflow, say), not the peer's: never silent
            LOG.log(Level.ERROR, "connection from " + remote() + " closed by an error in the server", cause);
        } else { // resets, failed handshakes: the peer's business
            LOG.log(Level.DEBUG, "connection from {0} failed: {1}", remote(), cause.toString());
        }
        ctx.close();
    }

    private void tlsEstablished(SslHandler ssl, boolean ok) {
        if (ok) {
            tlsProtocol = ssl.engine().getSession().getProtocol();
        }
    }

    // ---- stream level

    @Override
    public void streamOpened(XmlElement header, String contentNamespace) {
        headerSent = false;
        String to = header.attribute("to");
        Jid toJid = to == null ? null : Jid.parseOrNull(to);
        domain = toJid != null && toJid.isDomain() ? toJid.domain() : null;
        if (!Xml.JABBER_CLIENT.equals(contentNamespace)) {
            streamError(StreamError.Condition.INVALID_NAMESPACE, "content namespace must be jabber:client");
        } else if (!"1.0".equals(header.attribute("version"))) {
            streamError(StreamError.Condition.UNSUPPORTED_VERSION, "version='1.0' is required");
        } else if (domain == null || !owner.sessionManager.servesDomain(domain)) {
            streamError(StreamError.Condition.HOST_UNKNOWN, "this server does not serve " + to);
        } else if (account != null && !account.domain().equals(domain)) {
            streamError(StreamError.Condition.HOST_UNKNOWN, "the restarted stream names another domain");
        } else {
            sendHeader();
            send(features());
        }
    }

    private void sendHeader() {
        if (!headerSent) {
            headerSent = true;
            String id = HexFormat.of().formatHex(randomBytes(12));
            send("<?xml version='1.0'?><stream:stream id='" + id + "' from='"
                    + (domain == null ? "localhost" : domain) + HEADER_END);
        }
    }

    private String features() {
        StringBuilder f = new StringBuilder("<stream:features>");
        C2sSettings s = owner.settings();
        if (account == null) {
            if (!tls && owner.tlsAvailable()) {
                f.append("<starttls xmlns='").append(Xml.XMPP_TLS).append('\'');
                f.append(s.starttlsRequired() ? "><required/></starttls>" : "/>");
            }
            if (tls || !s.starttlsRequired()) {
                f.append(Sasl.mechanismsElement(s.plainAllowed(tls)));
                if (owner.registration() != null) {
                    f.append("<register xmlns='http://jabber.org/features/iq-register'/>"); // XEP-0077
                }
                owner.pluginFeatures(false).forEach(e -> e.writeTo(f, Xml.JABBER_CLIENT));
            }
        } else {
            f.append("<bind xmlns='").append(Xml.XMPP_BIND).append("'/>");
            f.append("<session xmlns='").append(Xml.XMPP_SESSION).append("'><optional/></session>");
            owner.pluginFeatures(true).forEach(e -> e.writeTo(f, Xml.JABBER_CLIENT));
        }
        return f.append("</stream:features>").toString();
    }

    /**
     * The client closed its stream: the session ends now, so nothing more is routed here, and the server answers
     * with its own closing tag (RFC 6120 4.4). TLS and TCP are left for the client to close, as it began the
     * close: the client keeps the TIME_WAIT, and a client that reads the closing tag and the TLS close_notify in
     * one piece cannot lose the tag (Smack's modular connection did, and then broke its reactor: see
     * docs/conformance.md). The server closes on the client's close_notify, or after {@link #CLOSE_LINGER_SECONDS}.
     */
    @Override
    public void streamClosed() {
        closing = true;
        ClientSession s = session;
        if (s != null) {
            s.end();
        }
        out.writeLast("</stream:stream>");
        Channel ch = channel;
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl != null) {
            ssl.sslCloseFuture().addListener(f -> ch.close());
        }
        ch.eventLoop().schedule(() -> ch.close(), CLOSE_LINGER_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void element(XmlElement e) {
        if (closing) {
            return;
        }
        String ns = e.namespace();
        if (account == null) {
            if (Xml.XMPP_TLS.equals(ns) && e.name().equals("starttls")) {
                startTls();
            } else if (Xml.XMPP_SASL.equals(ns)) {
                if (!tls && owner.settings().starttlsRequired()) {
                    send("<failure xmlns='" + Xml.XMPP_SASL + "'><encryption-required/></failure>");
                } else {
                    sasl.element(e);
                }
            } else if (isRegistration(e) && (tls || !owner.settings().starttlsRequired())) {
                if (owner.registration() != null) {
                    register(e);
                } else { // closed: a polite no rather than ending the stream (clients probe for it)
                    send(Stanza.of(e.withAttribute("from", null).withAttribute("to", null))
                            .errorReply(StanzaError.Condition.SERVICE_UNAVAILABLE).toXml());
                }
            } else {
                streamError(StreamError.Condition.NOT_AUTHORIZED, "authenticate first");
            }
            return;
        }
        StanzaKind kind = Xml.JABBER_CLIENT.equals(ns) ? StanzaKind.of(e.name()) : null;
        if (kind == null) {
            streamError(StreamError.Condition.UNSUPPORTED_STANZA_TYPE, "unknown element " + e.name());
            return;
        }
        Stanza stanza;
        try {
            stanza = Stanza.of(e);
        } catch (JidFormatException bad) {
            malformedAddress(e);
            return;
        }
        ClientSession s = session;
        if (s == null) {
            beforeBind(stanza);
        } else if (stanza.isIqRequest() && isSessionRequest(stanza)) {
            deliver(stanza.withFrom(null).withTo(null).resultReply());
        } else {
            s.receive(stanza);
        }
    }

    private void malformedAddress(XmlElement e) {
        if (Jid.parseOrNull(e.attribute("from")) == null && e.attribute("from") != null) {
            streamError(StreamError.Condition.INVALID_FROM, "'from' is not a valid JID");
            return;
        }
        Stanza stripped = Stanza.of(e.withAttribute("to", null).withAttribute("from", null));
        if (!stripped.isError()) {
            deliver(stripped.withFrom(session == null ? null : session.jid())
                    .errorReply(StanzaError.Condition.JID_MALFORMED, "'to' is not a valid JID").withFrom(null));
        }
    }

    private static boolean isRegistration(XmlElement e) {
        XmlElement q = e.firstElement();
        return e.is("iq", Xml.JABBER_CLIENT) && q != null && q.is("query", "jabber:iq:register")
                && ("get".equals(e.attribute("type")) || "set".equals(e.attribute("type")));
    }

    /** XEP-0077 before authentication: answered by the registration plugin on the auth executor (it may block). */
    private void register(XmlElement e) {
        Stanza iq;
        try {
            iq = Stanza.of(e.withAttribute("from", null).withAttribute("to", null));
        } catch (RuntimeException bad) {
            streamError(StreamError.Condition.BAD_FORMAT, "bad registration request");
            return;
        }
        InBandRegistration r = owner.registration();
        String d = domain;
        channel.config().setAutoRead(false);
        try {
            owner.authExecutor().execute(() -> {
                Stanza reply;
                try {
                    reply = r.preAuth(iq, d).withFrom(null).withTo(null);
                } catch (RuntimeException ex) {
                    LOG.log(Level.ERROR, "in-band registration failed", ex);
                    reply = iq.errorReply(StanzaError.Condition.INTERNAL_SERVER_ERROR).withFrom(null).withTo(null);
                }
                Stanza answer = reply;
                channel.eventLoop().execute(() -> {
                    channel.config().setAutoRead(true);
                    send(answer.toXml());
                });
            });
        } catch (java.util.concurrent.RejectedExecutionException busy) {
            channel.config().setAutoRead(true);
            send(iq.errorReply(StanzaError.Condition.RESOURCE_CONSTRAINT).toXml());
        }
    }

    private static boolean isSessionRequest(Stanza iq) {
        XmlElement p = iq.payload();
        return p != null && p.is("session", Xml.XMPP_SESSION) && (iq.to() == null || iq.to().isDomain());
    }

    /** RFC 6120 7: only a bind request is allowed between authentication and binding. */
    private void beforeBind(Stanza stanza) {
        XmlElement p = stanza.payload();
        if (!stanza.isIq() || !"set".equals(stanza.type()) || p == null || !p.is("bind", Xml.XMPP_BIND)) {
            streamError(StreamError.Condition.NOT_AUTHORIZED, "bind a resource first");
            return;
        }
        String resource = p.childText("resource");
        try {
            ClientSession s = owner.sessionManager.open(this, account, resource);
            session = s;
            authTimer.cancel(false);
            parser.setLimits(owner.settings().limits());
            XmlElement bound = XmlElement.builder("bind", Xml.XMPP_BIND).textChild("jid", s.jid().toString()).build();
            send(Stanza.iq("result").id(stanza.id()).child(bound).build().toXml());
        } catch (BindException be) {
            send(stanza.withFrom(null).withTo(null).errorReply(be.condition(), be.getMessage()).toXml());
        }
    }

    private void startTls() {
        SslHandler ssl = tls ? null : owner.sslHandler(channel.alloc(), true);
        if (ssl == null) {
            closing = true;
            out.writeAndClose("<failure xmlns='" + Xml.XMPP_TLS + "'/></stream:stream>");
            return;
        }
        // startTls=true lets the next write, <proceed/>, out in the clear; everything after is encrypted. So
        // whatever is still pending goes out first, and <proceed/> alone, at once.
        out.flush();
        channel.pipeline().addFirst("tls", ssl);
        ssl.handshakeFuture().addListener(f -> tlsEstablished(ssl, f.isSuccess()));
        send("<proceed xmlns='" + Xml.XMPP_TLS + "'/>");
        out.flush();
        tls = true;
        restartPending = true;
    }

    /** SASL succeeded (called on the event loop). */
    void authenticated(String username, String successXml) {
        account = Jid.of(username, domain, null);
        send(successXml);
        parser.reset(); // runs outside feed(): the client sends its new header only after reading <success/>
    }

    // ---- outbound

    /** On the event loop: goes out with the rest of this read batch or loop round (see {@link Outbound}). */
    void send(String xml) {
        out.write(xml);
    }

    /** Sends a stream error and ends the stream; on the event loop. */
    void streamError(StreamError.Condition condition, String text) {
        if (closing || channel == null) {
            return;
        }
        closing = true;
        owner.streamErrors.increment();
        sendHeader();
        out.writeAndClose(StreamError.element(condition, text).toXml(Xml.JABBER_CLIENT) + "</stream:stream>");
        // a peer that does not read must not keep the socket open
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_LINGER_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void deliver(Stanza stanza) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return;
        }
        // serialised here, on the routing thread; the loop only encodes and writes (Outbound)
        if (!ch.isWritable() || !out.deliver(stanza.toXml())) {
            LOG.log(Level.WARNING, "closing {0}: more than {1} bytes queued to a client that does not read",
                    session == null ? remote() : session.jid(), owner.settings().maxOutboundBytes());
            ch.close();
        }
    }

    @Override
    public void close(StreamError.Condition condition, String text) {
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(() -> streamError(condition, text));
        }
    }

    @Override
    public ConnectionInfo info() {
        return new ConnectionInfo("c2s", remote(), tlsProtocol, connectedAt);
    }

    @Override
    public long idleMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReadNanos);
    }

    Channel channel() {
        return channel;
    }

    String domain() {
        return domain;
    }

    String remote() {
        Channel ch = channel;
        return ch == null || ch.remoteAddress() == null ? "?" : ch.remoteAddress().toString().replaceFirst("^/", "");
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
