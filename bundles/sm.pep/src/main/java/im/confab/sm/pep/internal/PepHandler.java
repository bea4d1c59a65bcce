package im.confab.sm.pep.internal;

import im.confab.api.annotations.AccountDiscoFeature;
import im.confab.api.annotations.AccountDiscoIdentity;
import im.confab.api.annotations.IqHandler;
import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.StoreException;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * XEP-0163 Personal Eventing Protocol: every account is a pubsub service (XEP-0060) whose owner publishes, with
 * nodes created on first publish, and whose contacts with a presence subscription retrieve items. Everything else
 * XEP-0060 defines is answered feature-not-implemented.
 */
@Component(configurationPid = PepService.PID) // queue settings (xmpp.processor.*) in conf/xmpp.sm.pep.cfg
@IqHandler(namespace = PubSub.NS, element = "pubsub")
// XEP-0163 section 8: an account's disco#info shows it is a PEP service, to its owner and its contacts. Smack's
// PepManager.isSupported looks for auto-create, auto-subscribe and filtered-notifications. Not @DiscoFeature: the
// server itself hosts no pubsub service and must not claim one in its own disco#info.
@AccountDiscoIdentity(category = "pubsub", type = "pep")
@AccountDiscoFeature({PubSub.NS, PubSub.NS + "#access-presence", PubSub.NS + "#auto-create",
        PubSub.NS + "#auto-subscribe", PubSub.NS + "#filtered-notifications", PubSub.NS + "#last-published",
        PubSub.NS + "#persistent-items", PubSub.NS + "#publish", PubSub.NS + "#retrieve-items"})
public final class PepHandler implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(PepHandler.class.getName());
    /** XEP-0060 section 10: the feature each request we do not implement belongs to. */
    private static final Map<String, String> UNSUPPORTED = Map.of("create", "create-nodes", "subscribe", "subscribe",
            "unsubscribe", "subscribe", "options", "subscription-options", "configure", "config-node",
            "retract", "retract-items", "subscriptions", "retrieve-subscriptions",
            "affiliations", "retrieve-affiliations", "default", "retrieve-default");

    private final PepService pep;

    @Activate
    public PepHandler(@Reference(name = "pep") PepService pep) {
        this.pep = pep;
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        Jid to = iq.to();
        if (to == null || to.local() == null || !to.isBare()) {
            return Outcome.PASS; // the server hosts no pubsub service of its own: service-unavailable
        }
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // run inline by configuration: the stores are used on the queue
        }
        try {
            Stanza answer = answer(iq, to, ctx);
            if (answer != null) {
                ctx.send(answer);
            }
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "PEP service of " + to + " failed", e);
            ctx.send(iq.errorReply(Condition.INTERNAL_SERVER_ERROR));
        }
        return Outcome.HANDLED;
    }

    /** @return the answer, or null when it was sent already */
    private Stanza answer(Stanza iq, Jid account, StanzaContext ctx) {
        Jid from = iq.from();
        List<XmlElement> children = iq.payload().elements();
        if (from == null || children.isEmpty()) {
            return iq.errorReply(Condition.BAD_REQUEST);
        }
        XmlElement request = children.get(0);
        String name = request.is(request.name(), PubSub.NS) ? request.name() : "";
        if (name.equals("publish") && "set".equals(iq.type())) {
            if (!from.bare().equals(account)) { // XEP-0163: only the account publishes to its nodes
                return iq.errorReply(Condition.FORBIDDEN);
            }
            for (XmlElement c : children) {
                if (c.is("publish-options", PubSub.NS)) { // XEP-0060 7.1.5: we cannot honour preconditions
                    return PubSub.unsupported(iq, "publish-options");
                }
            }
            return publish(iq, account, request, ctx);
        }
        if (name.equals("items") && "get".equals(iq.type())) {
            return items(iq, account, request);
        }
        String feature = UNSUPPORTED.get(name);
        return feature == null ? iq.errorReply(Condition.BAD_REQUEST) : PubSub.unsupported(iq, feature);
    }

    private Stanza publish(Stanza iq, Jid account, XmlElement publish, StanzaContext ctx) {
        String node = publish.attribute("node");
        if (node == null || node.isEmpty()) {
            return PubSub.error(iq, Condition.BAD_REQUEST, "nodeid-required", null);
        }
        List<XmlElement> items = publish.elements();
        if (items.isEmpty()) { // PEP nodes persist items (XEP-0060 7.1.3.6)
            return PubSub.error(iq, Condition.BAD_REQUEST, "item-required", null);
        }
        XmlElement item = items.get(0);
        if (items.size() > 1 || !item.is("item", PubSub.NS) || item.elements().size() > 1) {
            return PubSub.error(iq, Condition.BAD_REQUEST, "invalid-payload", null);
        }
        if (item.elements().isEmpty()) {
            return PubSub.error(iq, Condition.BAD_REQUEST, "payload-required", null);
        }
        String id = item.attribute("id");
        if (id == null || id.isEmpty()) {
            id = UUID.randomUUID().toString(); // XEP-0060 7.1.2: the service makes one and tells it in the result
        }
        XmlElement stored = PubSub.item(id, item.elements().get(0));
        if (Xml.utf8Length(stored.toXml()) > pep.maxItemSize()) {
            return PubSub.error(iq, Condition.NOT_ACCEPTABLE, "payload-too-big", null);
        }
        pep.nodes().publish(account.local(), node, stored);
        ctx.send(iq.resultReply().withPayload(List.of(PubSub.publishResult(node, id))));
        pep.notify(account, node, stored, ctx);
        return null;
    }

    private Stanza items(Stanza iq, Jid account, XmlElement items) {
        String node = items.attribute("node");
        if (node == null || node.isEmpty()) {
            return PubSub.error(iq, Condition.BAD_REQUEST, "nodeid-required", null);
        }
        if (!Audience.allowed(pep.roster(), account, iq.from())) { // XEP-0060 6.5.7.3, access model presence
            return PubSub.error(iq, Condition.NOT_AUTHORIZED, "presence-subscription-required", null);
        }
        Optional<XmlElement> last = pep.nodes().last(account.local(), node);
        if (last.isEmpty()) {
            return iq.errorReply(Condition.ITEM_NOT_FOUND);
        }
        List<XmlElement> asked = items.elements().stream().filter(e -> e.is("item", PubSub.NS)).toList();
        String id = last.get().attribute("id");
        boolean match = asked.isEmpty() || asked.stream().anyMatch(e -> id.equals(e.attribute("id")));
        return iq.resultReply().withPayload(List.of(PubSub.itemsResult(node, match ? List.of(last.get()) : List.of())));
    }
}
