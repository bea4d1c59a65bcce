package im.confab.sm.internal;

import im.confab.api.jid.Jid;
import im.confab.api.jid.JidFormatException;
import im.confab.api.router.Component;
import im.confab.api.router.Router;
import im.confab.api.session.BindException;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionManager;
import im.confab.api.session.SessionListener;
import im.confab.api.sm.PluginRegistry;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.sm.IqClient;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError;
import im.confab.api.stanza.StanzaKind;
import im.confab.api.stanza.StreamError;
import im.confab.api.xml.XmlElement;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The session manager (Tigase's SessionManager, RFC 6121 section 8): binds resources, stamps what clients send,
 * runs every stanza through the plugin {@link Pipeline} (preprocessors, processors, postprocessors, filters) and,
 * when no plugin took a stanza, applies the RFC 6121 defaults: delivery to resources, or an error.
 */
@org.osgi.service.component.annotations.Component(service = {SessionManager.class, Component.class},
        configurationPid = "xmpp.sm")
@Designate(ocd = SmConfig.class)
public final class SessionManagerImpl implements SessionManager, Component {
    private static final System.Logger LOG = System.getLogger(SessionManagerImpl.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Router router;
    private final Pipeline pipeline;
    /** RFC 6120 10.1: each sender's stanzas in order, plugin queues notwithstanding. */
    private final Sequencer order = new Sequencer();
    private final IqTracker iqs;
    private final BundleContext context;
    private final SessionTable sessions = new SessionTable();
    private final Map<Long, Slot> listeners = new ConcurrentHashMap<>();
    private final Pipeline.Terminal defaults = this::deliverDefault;
    private final LongAdder fromClients = new LongAdder();
    private final LongAdder toLocal = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder bounced = new LongAdder();
    private volatile Settings settings;

    /** Validated configuration. */
    record Settings(Set<String> domains, SmConfig.Conflict conflict, int maxSessions) {
        static Settings of(SmConfig c) {
            if (c.xmpp_domain().length == 0) {
                throw new IllegalArgumentException("xmpp.sm: xmpp.domain must name at least one domain");
            }
            Set<String> d;
            try {
                d = Set.copyOf(Arrays.stream(c.xmpp_domain()).map(s -> Jid.domain(s.trim()).domain()).toList());
            } catch (JidFormatException e) {
                throw new IllegalArgumentException("xmpp.sm: xmpp.domain: " + e.getMessage(), e);
            }
            if (c.max_sessions_per_account() < 1) {
                throw new IllegalArgumentException("xmpp.sm: max.sessions.per.account must be at least 1");
            }
            return new Settings(d, c.resource_conflict(), c.max_sessions_per_account());
        }
    }

    @Activate
    public SessionManagerImpl(BundleContext context, @Reference Router router,
                              @Reference(service = PluginRegistry.class) PluginRegistry plugins,
                              @Reference(service = IqClient.class) IqClient iqs, SmConfig config) {
        this(context, router, ((PluginTracker) plugins).pipeline, (IqTracker) iqs, config);
    }

    SessionManagerImpl(BundleContext context, Router router, Pipeline pipeline, IqTracker iqs, SmConfig config) {
        this.context = context;
        this.router = router;
        this.pipeline = pipeline;
        this.iqs = iqs;
        this.settings = Settings.of(config);
        LOG.log(Level.INFO, "session manager serving {0}", settings.domains());
    }

    @Modified
    void modified(SmConfig config) {
        settings = Settings.of(config);
        LOG.log(Level.INFO, "session manager now serving {0}", settings.domains());
    }

    @Deactivate
    void deactivate() {
        for (LocalSession s : sessions.all()) {
            s.connection().close(StreamError.Condition.SYSTEM_SHUTDOWN, "session manager stopping");
        }
    }

    /** Session listeners, fetched on first event (a listener may itself need this session manager). */
    @Reference(service = SessionListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(ServiceReference<SessionListener> ref) {
        listeners.put((Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID),
                new Slot(Slot.Stage.FILTER, Slot.properties(ref), ref.getBundle(), () -> context.getService(ref)));
    }

    void unbindListener(ServiceReference<SessionListener> ref) {
        Slot s = listeners.remove((Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID));
        if (s != null && s.fetched() && context != null) {
            context.ungetService(ref);
        }
    }

    private void tell(java.util.function.Consumer<SessionListener> event) {
        for (Slot s : listeners.values()) {
            try {
                event.accept((SessionListener) s.service());
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "session listener " + s + " failed", e);
            }
        }
    }

    // ---- SessionManager

    @Override
    public boolean servesDomain(String domain) {
        return settings.domains().contains(domain);
    }

    @Override
    public ClientSession open(ClientConnection connection, Jid account, String requestedResource)
            throws BindException {
        Settings s = settings;
        if (!s.domains().contains(account.domain()) || account.local() == null) {
            throw new BindException(StanzaError.Condition.NOT_ALLOWED, "not an account of this server");
        }
        Jid full;
        try {
            full = requestedResource == null || requestedResource.isBlank()
                    ? account.withResource(generatedResource()) : account.withResource(requestedResource);
        } catch (JidFormatException e) {
            throw new BindException(StanzaError.Condition.BAD_REQUEST, "invalid resource: " + e.getMessage());
        }
        LocalSession[] existing = sessions.of(account);
        if (existing.length >= s.maxSessions()) {
            throw new BindException(StanzaError.Condition.RESOURCE_CONSTRAINT,
                    "too many sessions for " + account + " (max.sessions.per.account=" + s.maxSessions() + ")");
        }
        if (sessions.find(full) != null) {
            switch (s.conflict()) {
                case refuse -> throw new BindException(StanzaError.Condition.CONFLICT, "resource in use");
                case rename -> full = account.withResource(requestedResource + "-" + generatedResource());
                case kick_old -> { } // below: the old session is replaced and told why
            }
        }
        LocalSession session = new LocalSession(full, connection, this);
        LocalSession replaced = sessions.put(session);
        if (replaced != null) {
            replaced.presence(false, 0);
            replaced.end();
            replaced.connection().close(StreamError.Condition.CONFLICT, "replaced by a new connection");
        }
        tell(l -> l.sessionOpened(session));
        return session;
    }

    private static String generatedResource() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "confab-" + HexFormat.of().formatHex(b);
    }

    @Override
    public List<ClientSession> sessions() {
        return List.copyOf(sessions.all());
    }

    @Override
    public List<ClientSession> sessions(Jid account) {
        return List.of(sessions.of(account.bare()));
    }

    void ended(LocalSession s) {
        boolean removed = sessions.remove(s);
        if (removed && s.available()) {
            s.presence(false, 0);
            // RFC 6121 4.5.2: the account's other resources learn that this one went away
            Stanza unavailable = Stanza.presence().type("unavailable").from(s.jid()).build();
            broadcastToOwnResources(unavailable, s.jid().bare());
        }
        tell(l -> l.sessionClosed(s));
    }

    /** Writes a stanza to a local session through the filters (the last stage). */
    void deliver(LocalSession to, Stanza stanza) {
        Stanza out = pipeline.filter(stanza, to);
        if (out != null) {
            delivered.increment();
            to.connection().deliver(out);
        }
    }

    // ---- from a local client

    void fromClient(LocalSession session, Stanza stanza) {
        Jid from = stanza.from();
        if (from != null && !from.equals(session.jid()) && !from.equals(session.jid().bare())) {
            session.connection().close(StreamError.Condition.INVALID_FROM, "'from' is not this session's JID");
            return;
        }
        Stanza s = stanza.withFrom(session.jid());
        fromClients.increment();
        order.run(session, turn -> fromClientInOrder(session, s, turn));
    }

    private void fromClientInOrder(LocalSession session, Stanza s, Sequencer.Turn turn) {
        StageContext ctx = new StageContext(router, session, Direction.FROM_CLIENT, turn);
        if (!pipeline.preprocess(s, ctx)) {
            ctx.finish();
            return;
        }
        if (s.kind() == StanzaKind.PRESENCE && s.to() == null) {
            // the session's availability is known before any plugin looks at the presence (probe answers
            // from plugins must already see the new resource)
            String type = s.type();
            if (type == null || "unavailable".equals(type)) {
                session.presence(type == null, DeliveryRules.priority(s.element().childText("priority")));
            }
        }
        if (s.isIq()) {
            try {
                sent(session, s, ctx); // iq processors see requests where they are addressed (TO_LOCAL)
            } finally {
                ctx.finish();
            }
        } else {
            // processors declared for FROM_CLIENT (outbound presence subscriptions, later carbons) see it first
            pipeline.process(s, ctx, true, routeOut);
        }
    }

    private final Pipeline.Terminal routeOut = (s, ctx) -> sent((LocalSession) ctx.origin(), s, ctx);

    /** After the FROM_CLIENT stage: the session's own presence, or routing. */
    private void sent(LocalSession session, Stanza s, StageContext ctx) {
        if (s.to() == null) {
            switch (s.kind()) {
                case PRESENCE -> {
                    ownPresence(session, s);
                    return;
                }
                // RFC 6120 10.3: no 'to' means the account itself
                case IQ, MESSAGE -> s = s.withTo(session.jid().bare());
            }
        }
        router.route(s);
    }

    /** Presence without 'to': the session's own availability, shown to the account's resources. */
    private void ownPresence(LocalSession session, Stanza p) {
        String type = p.type();
        if (type == null || "unavailable".equals(type)) {
            boolean available = type == null; // availability itself was set in fromClient, before the plugins
            // RFC 6121 4.2.2 / 4.5.2: broadcast to all the account's available resources, the sender included.
            // Broadcast to contacts comes with the presence plugin.
            broadcastToOwnResources(p, session.jid().bare());
            if (!available) {
                session.deliver(p);
            }
        }
        // probes and subscription types without 'to' are meaningless: ignored (RFC 6121 3 and 4.3)
    }

    private void broadcastToOwnResources(Stanza p, Jid account) {
        for (LocalSession s : sessions.of(account)) {
            if (s.available()) {
                s.deliver(p.withTo(s.jid()));
            }
        }
    }

    // ---- to a local domain (Component)

    @Override
    public void receive(Stanza stanza) {
        toLocal.increment();
        CompletableFuture<Void> tracked = Tracking.take(stanza); // a plugin waits for this one (sendTracked)
        Jid to = stanza.to();
        // the answer to a request the server sent (IqClient), from a domain or on an account's behalf (a roster
        // push comes from the account's bare JID); nobody else sends from a bare JID
        if (stanza.isIq() && !stanza.isIqRequest() && to.isBare() && iqs.complete(stanza)) {
            if (tracked != null) {
                tracked.complete(null);
            }
            return;
        }
        if (stanza.from() == null) {
            try {
                toLocal(stanza, null);
            } finally { // not sequenced: done as far as the session manager follows it
                if (tracked != null) {
                    tracked.complete(null);
                }
            }
        } else { // RFC 6120 10.1: in the order the sender sent them, whatever plugin queues each one passes
            order.run(lane(stanza), turn -> toLocal(stanza, turn),
                    tracked == null ? null : () -> tracked.complete(null));
        }
    }

    /**
     * The sender's lane. A server (this one, or another domain) sends to everybody: pings, notices, errors.
     * In one lane, one message waiting in a plugin's queue (offline storage, say) would hold up every other
     * account's; so a server's stanzas keep their order per recipient account instead.
     */
    private static Object lane(Stanza stanza) {
        Jid from = stanza.from();
        return from.isDomain() ? new ServerLane(from, stanza.to().bare()) : from;
    }

    /** The lane of a server's stanzas to one account. */
    private record ServerLane(Jid server, Jid account) { }

    private void toLocal(Stanza stanza, Sequencer.Turn turn) {
        StageContext ctx = new StageContext(router, stanza.from() == null ? null : sessions.find(stanza.from()),
                Direction.TO_LOCAL, turn);
        if (!pipeline.preprocess(stanza, ctx)) {
            ctx.finish();
            return;
        }
        // processors take iq requests for the server or an account; messages and presence to anyone local
        Jid to = stanza.to();
        boolean processors = !stanza.isIq() || (stanza.isIqRequest() && to.resource() == null);
        pipeline.process(stanza, ctx, processors, defaults);
    }

    /** The end of the pipeline: what RFC 6121 says when no plugin took the stanza. */
    private void deliverDefault(Stanza stanza, StageContext ctx) {
        Jid to = stanza.to();
        if (to.local() == null) {
            toServer(stanza);
        } else if (to.resource() != null) {
            toFullJid(stanza);
        } else {
            toBareJid(stanza);
        }
    }

    private void toServer(Stanza stanza) {
        if (stanza.isIq()) {
            unhandledIq(stanza);
        }
        // messages and presence to the server itself have no handler yet: silently ignored (RFC 6121 8.5.1 allows)
    }

    private void toFullJid(Stanza stanza) {
        LocalSession target = sessions.find(stanza.to());
        if (target != null) {
            target.deliver(stanza);
            return;
        }
        switch (stanza.kind()) { // RFC 6121 8.5.3.2: no such resource
            case MESSAGE -> {
                String t = stanza.type();
                if ("groupchat".equals(t)) {
                    reply(stanza, StanzaError.Condition.SERVICE_UNAVAILABLE);
                } else if (!"headline".equals(t) && !"error".equals(t)) {
                    toBareJid(stanza); // normal and chat: as if sent to the bare JID
                }
            }
            case IQ -> reply(stanza, StanzaError.Condition.SERVICE_UNAVAILABLE);
            case PRESENCE -> {
                if (isSubscription(stanza.type())) {
                    toBareJid(stanza.withTo(stanza.to().bare())); // RFC 6121 3.1.3: as if sent to the bare JID
                }
                // other presence to a resource that is not there is silently ignored (8.5.3.2.3)
            }
        }
    }

    private static boolean isSubscription(String type) {
        return "subscribe".equals(type) || "subscribed".equals(type) || "unsubscribe".equals(type)
                || "unsubscribed".equals(type);
    }

    private void toBareJid(Stanza stanza) {
        LocalSession[] all = sessions.of(stanza.to().bare());
        switch (stanza.kind()) {
            case IQ -> unhandledIq(stanza); // no plugin answered on the account's behalf (RFC 6121 8.5.2.1.3)
            case PRESENCE -> {
                if (!"probe".equals(stanza.type())) { // probes are answered by the presence plugin, if present
                    for (LocalSession s : all) {
                        if (s.available()) { // RFC 6121 8.5.2.1.1: all available resources, whatever the priority
                            s.deliver(stanza);
                        }
                    }
                }
            }
            case MESSAGE -> {
                DeliveryRules.Decision d = DeliveryRules.messageToBare(stanza.type(), all);
                switch (d.action()) {
                    case DELIVER -> d.targets().forEach(s -> s.deliver(stanza));
                    // offline storage arrives as a plugin; until then the sender learns it was not delivered
                    case OFFLINE, ERROR -> reply(stanza, StanzaError.Condition.SERVICE_UNAVAILABLE);
                    case DROP -> { }
                }
            }
        }
    }

    /** An iq for the server or an account's bare JID that no plugin answered. */
    private void unhandledIq(Stanza iq) {
        if (!iq.isIqRequest()) {
            return; // results and errors to the server or an account's bare JID end here
        }
        XmlElement payload = iq.payload();
        reply(iq, payload == null || iq.element().elements().size() != 1 ? StanzaError.Condition.BAD_REQUEST
                : StanzaError.Condition.SERVICE_UNAVAILABLE);
    }

    private void reply(Stanza stanza, StanzaError.Condition condition) {
        if (!stanza.isError() && stanza.from() != null) {
            bounced.increment();
            router.route(stanza.errorReply(condition));
        }
    }

    /** For the shell: the counters. */
    Map<String, Long> stats() {
        return Map.of("sessions", (long) sessions.size(), "from.clients", fromClients.sum(), "to.local", toLocal.sum(),
                "delivered", delivered.sum(), "errors.sent", bounced.sum(), "iq.pending", (long) iqs.pending());
    }
}
