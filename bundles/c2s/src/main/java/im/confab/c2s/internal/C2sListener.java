package im.confab.c2s.internal;

import im.confab.api.auth.AccountStore;
import im.confab.api.auth.InBandRegistration;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.PluginRegistry;
import im.confab.api.stats.StatisticsProvider;
import im.confab.api.xml.XmlElement;
import im.confab.api.stanza.StreamError;
import im.confab.api.tls.TlsContextProvider;
import im.confab.api.xml.XmlStreamParserFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The c2s component: Netty listeners for STARTTLS (5222) and direct TLS (5223, XEP-0368). Owns its event loops
 * and a small executor for SASL steps that read the account store. On deactivation every open stream is
 * closed with {@code system-shutdown} and {@code </stream:stream>}.
 */
@Component(immediate = true, service = StatisticsProvider.class, configurationPid = "xmpp.c2s",
        configurationPolicy = ConfigurationPolicy.REQUIRE) // listeners open ports only when conf/ says so
@Designate(ocd = C2sConfig.class)
public final class C2sListener implements StatisticsProvider {
    private static final System.Logger LOG = System.getLogger(C2sListener.class.getName());

    final SessionManager sessionManager;
    final XmlStreamParserFactory parsers;
    final byte[] scramSecret = new byte[32];
    private final Set<XmppConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<EventLoop, ReadScratch> readScratch = new ConcurrentHashMap<>();
    private final Transport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ThreadPoolExecutor authExecutor;
    private final List<Channel> listeners = new ArrayList<>();
    private volatile C2sSettings settings;
    private volatile AccountStore accounts;
    private volatile TlsContextProvider tls;
    /** The TLS engines of {@link #tls}, made when it binds (BoringSSL or the JDK's: {@link TlsEngines}). */
    private volatile TlsEngines engines;
    private volatile PluginRegistry plugins;
    private volatile InBandRegistration registration;
    final LongAdder accepted = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder streamErrors = new LongAdder();

    @Activate
    public C2sListener(@Reference SessionManager sessionManager, @Reference XmlStreamParserFactory parsers,
                       C2sConfig config) throws InterruptedException {
        this.sessionManager = sessionManager;
        this.parsers = parsers;
        this.settings = C2sSettings.of(config);
        warnIfPlainInTheClear(settings);
        new SecureRandom().nextBytes(scramSecret);
        transport = Transport.choose(settings.transport());
        boss = transport.group(1, new DefaultThreadFactory("confab-c2s-accept", true));
        // One loop per core, not Netty's two: the session manager routes on the sender's loop, and every stanza
        // for a client on another loop costs a wake-up of that loop (Outbound). Halving the loops cut context
        // switches per chat message from about 2.4 to 1.8 (Tsung chat C=2000 R=1000 on 2 cores).
        int ioThreads = settings.ioThreads() != 0 ? settings.ioThreads() : Runtime.getRuntime().availableProcessors();
        workers = transport.group(ioThreads, new DefaultThreadFactory("confab-c2s-io", true));
        authExecutor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
                new DefaultThreadFactory("confab-c2s-auth", true));
        try {
            bindListeners(settings);
        } catch (RuntimeException | InterruptedException e) {
            shutdownThreads();
            throw e;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAccounts(AccountStore store) {
        accounts = store;
    }

    void unsetAccounts(AccountStore store) {
        if (accounts == store) {
            accounts = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setTls(TlsContextProvider provider) {
        tls = provider;
        engines(provider); // here, not on a network thread: loading BoringSSL and making its context take a while
    }

    void unsetTls(TlsContextProvider provider) {
        if (tls == provider) {
            tls = null;
        }
        synchronized (this) { // BoringSSL's context goes once the open connections that use it end
            if (engines != null && engines.identity() == provider) {
                engines.release();
                engines = null;
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setPlugins(PluginRegistry registry) {
        plugins = registry;
    }

    void unsetPlugins(PluginRegistry registry) {
        if (plugins == registry) {
            plugins = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setRegistration(InBandRegistration r) {
        registration = r;
    }

    void unsetRegistration(InBandRegistration r) {
        if (registration == r) {
            registration = null;
        }
    }

    /** @return in-band registration when a plugin offers it and it is open, else null */
    InBandRegistration registration() {
        InBandRegistration r = registration;
        return r != null && r.open() ? r : null;
    }

    /** @return the stream features the session manager's plugins add now (c2s asks, plugins declare) */
    List<XmlElement> pluginFeatures(boolean authenticated) {
        PluginRegistry p = plugins;
        return p == null ? List.of() : p.streamFeatures(authenticated);
    }

    @Override
    public String statisticsName() {
        return "c2s";
    }

    @Override
    public Map<String, Long> statistics() {
        return Map.of("connections", (long) connections.size(), "accepted", accepted.sum(),
                "auth.failures", authFailures.sum(), "stream.errors", streamErrors.sum());
    }

    @Modified
    void modified(C2sConfig config) throws InterruptedException {
        C2sSettings next = C2sSettings.of(config);
        C2sSettings old = settings;
        settings = next;
        warnIfPlainInTheClear(next);
        TlsContextProvider t = tls;
        if (next.nativeTls() != old.nativeTls() && t != null) {
            rebuildEngines(t);
        }
        if (!next.sameListeners(old)) {
            // open connections stay; only the listening sockets move
            closeListeners();
            bindListeners(next);
        }
    }

    private static void warnIfPlainInTheClear(C2sSettings s) {
        if (s.allowUnencryptedPlainAuth() && !s.starttlsRequired()) {
            LOG.log(Level.WARNING, "xmpp.c2s: allow.unencrypted.plain.auth = true: SASL PLAIN is accepted without"
                    + " TLS, passwords cross the network in the clear (meant for load tests on loopback)");
        }
    }

    private void bindListeners(C2sSettings s) throws InterruptedException {
        if (s.port() != 0) {
            listeners.add(listen(s, s.port(), false));
        }
        if (s.directTlsPort() != 0) {
            listeners.add(listen(s, s.directTlsPort(), true));
        }
    }

    private Channel listen(C2sSettings s, int port, boolean directTls) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(s.maxOutboundBytes() / 2, s.maxOutboundBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (directTls) {
                            SslHandler ssl = sslHandler(ch.alloc(), false);
                            if (ssl == null) {
                                ch.close();
                                return;
                            }
                            ch.pipeline().addLast("tls", ssl);
                        }
                        ch.pipeline().addLast("xmpp", new XmppConnection(C2sListener.this, directTls));
                    }
                });
        try {
            Channel ch = b.bind(new InetSocketAddress(s.bindAddress(), port)).sync().channel();
            LOG.log(Level.INFO, "c2s listening on {0}:{1,number,#}{2}, {3} transport", s.bindAddress(), port,
                    directTls ? " (direct TLS)" : " (STARTTLS)", transport.name());
            return ch;
        } catch (Exception e) {
            throw new IllegalStateException("xmpp.c2s: cannot listen on " + s.bindAddress() + ":" + port + ": " + e, e);
        }
    }

    private void closeListeners() {
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        listeners.clear();
    }

    @Deactivate
    void deactivate() {
        closeListeners();
        synchronized (this) {
            if (engines != null) {
                engines.release();
                engines = null;
            }
        }
        for (XmppConnection c : connections) {
            c.close(StreamError.Condition.SYSTEM_SHUTDOWN, "server shutting down");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // bounded wait for the closing handshakes to flush
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        shutdownThreads();
        LOG.log(Level.INFO, "c2s stopped");
    }

    private void shutdownThreads() {
        authExecutor.shutdownNow();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    // ---- for connections

    C2sSettings settings() {
        return settings;
    }

    AccountStore accounts() {
        return accounts;
    }

    ExecutorService authExecutor() {
        return authExecutor;
    }

    /** @return whether a TLS identity is available (STARTTLS can be offered) */
    boolean tlsAvailable() {
        return tls != null;
    }

    /** @return a TLS handler, or null when no TLS identity is available */
    SslHandler sslHandler(ByteBufAllocator alloc, boolean startTls) {
        TlsContextProvider t = tls;
        if (t == null) {
            return null;
        }
        TlsEngines e = engines;
        if (e == null || e.identity() != t) {
            e = engines(t);
        }
        try {
            return e.handler(alloc, startTls);
        } catch (IllegalReferenceCountException released) {
            // the identity or native.tls changed just now and these engines were released: the new ones
            return engines(t).handler(alloc, startTls);
        }
    }

    /** The engines for a new identity, built once; the old ones are released (open connections keep theirs). */
    private synchronized TlsEngines engines(TlsContextProvider t) {
        TlsEngines e = engines;
        return e != null && e.identity() == t ? e : rebuildEngines(t);
    }

    private synchronized TlsEngines rebuildEngines(TlsContextProvider t) {
        TlsEngines old = engines;
        TlsEngines e = TlsEngines.of(t, settings.nativeTls());
        engines = e;
        if (old != null) {
            old.release();
        }
        return e;
    }

    /** @return the read array shared by the connections of one event loop */
    ReadScratch readScratch(EventLoop loop) {
        return readScratch.computeIfAbsent(loop, l -> new ReadScratch());
    }

    void opened(XmppConnection c) {
        accepted.increment();
        connections.add(c);
    }

    void closed(XmppConnection c) {
        connections.remove(c);
    }
}
