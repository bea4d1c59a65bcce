package im.confab.sm.pep.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.IqClient;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore;
import im.confab.api.store.XmlStore;
import im.confab.api.xml.XmlElement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * XEP-0163 Personal Eventing Protocol: what the plugin's processors share (the nodes, the caps cache, who gets
 * notifications). A service of this bundle only; a configuration change reactivates it and the processors with it.
 */
@Component(service = PepService.class, configurationPid = PepService.PID)
@Designate(ocd = PepService.Config.class)
public final class PepService {
    static final String PID = "xmpp.sm.pep";

    @ObjectClassDefinition(name = "Confab Personal Eventing Protocol (XEP-0163)")
    @interface Config {
        @AttributeDefinition(description = "Largest item a user may publish, in bytes of its serialized XML")
        int max_item_size() default 65536;

        @AttributeDefinition(description = "Seconds to wait for a client's answer to the disco#info query of its caps")
        int caps_timeout() default 10;

        @AttributeDefinition(description = "Caps versions and last items kept in memory (each)")
        int cache_size() default 10000;
    }

    private final NodeStore nodes;
    private final RosterStore roster;
    private final SessionManager sessions;
    private final IqClient iqs;
    private final CapsCache caps;
    private final Audience audience = new Audience();
    private final int maxItemSize;
    private final int capsTimeout;
    private final AtomicLong ids = new AtomicLong();

    @Activate
    public PepService(@Reference(name = "store") XmlStore store, @Reference(name = "roster") RosterStore roster,
            @Reference(name = "sessionManager") SessionManager sessions, @Reference(name = "iqClient") IqClient iqs,
            Config config) {
        if (config.max_item_size() < 1) {
            throw new IllegalArgumentException(PID + ": max.item.size must be at least 1, was " + config.max_item_size());
        }
        if (config.caps_timeout() < 1) {
            throw new IllegalArgumentException(PID + ": caps.timeout must be at least 1, was " + config.caps_timeout());
        }
        if (config.cache_size() < 1) {
            throw new IllegalArgumentException(PID + ": cache.size must be at least 1, was " + config.cache_size());
        }
        this.nodes = new NodeStore(store, config.cache_size());
        this.roster = roster;
        this.sessions = sessions;
        this.iqs = iqs;
        this.caps = new CapsCache(config.cache_size());
        this.maxItemSize = config.max_item_size();
        this.capsTimeout = config.caps_timeout();
    }

    NodeStore nodes() {
        return nodes;
    }

    RosterStore roster() {
        return roster;
    }

    SessionManager sessions() {
        return sessions;
    }

    Audience audience() {
        return audience;
    }

    int maxItemSize() {
        return maxItemSize;
    }

    /** Notifies whoever wants a just published item (XEP-0163 4.3). May block on the roster store. */
    void notify(Jid account, String node, XmlElement item, StanzaContext ctx) {
        RosterStore.Roster r = roster.roster(account.local());
        for (Jid to : audience.recipients(sessions, r, account, node, caps::known)) {
            ctx.send(PubSub.notification(account, to, node, item));
        }
    }

    /**
     * The features behind a resource's caps: cached, or asked of the resource with disco#info (XEP-0115 6.3).
     * The answer may complete on a network thread: what follows must not block.
     *
     * @param server the local domain the query is sent from (its answer comes back to the server)
     */
    CompletionStage<Set<String>> features(Jid server, Jid resource, Caps c) {
        return caps.resolve(c, x -> iqs.request(Stanza.iq("get").id("pep-caps-" + ids.incrementAndGet())
                .from(server.domainJid()).to(resource)
                .child(XmlElement.builder("query", Caps.DISCO_INFO).attribute("node", x.discoNode()).build())
                .build(), capsTimeout, TimeUnit.SECONDS));
    }

    /**
     * Sends the account's last items of these nodes to a resource that just asked for them ("last published
     * item", XEP-0163 4.3.3), from memory only: call {@link NodeStore#load} first, on a thread that may block.
     */
    void sendLast(Jid account, Jid to, Collection<String> wanted, StanzaContext ctx) {
        for (String node : wanted) {
            Optional<XmlElement> item = nodes.cached(account.local(), node);
            if (item != null && item.isPresent()) {
                ctx.send(PubSub.notification(account, to, node, item.get()));
            }
        }
    }
}
