package im.confab.sm.disco.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.PluginRegistry;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.xml.XmlElement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import java.util.List;
import java.util.TreeSet;

/** XEP-0030 Service Discovery, disco#info: what the server, or the requester's own account, is and supports. */
@Component(configurationPid = "xmpp.sm.disco") // queue settings (xmpp.processor.*) in conf/xmpp.sm.disco.cfg
@IqHandler(namespace = DiscoInfoHandler.NAMESPACE, element = "query", type = IqType.get)
@DiscoFeature({DiscoInfoHandler.NAMESPACE, DiscoItemsHandler.NAMESPACE})
public final class DiscoInfoHandler implements StanzaHandler {
    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    static final String NAMESPACE = "http://jabber.org/protocol/disco#info";

    private static final XmlElement SERVER_IDENTITY = identity("server", "im", "Confab");
    private static final XmlElement ACCOUNT_IDENTITY = identity("account", "registered", null);

    // Static: the registry itself follows plugins coming and going, so this handler never needs rebinding.
    private final PluginRegistry plugins;

    @Activate
    public DiscoInfoHandler(@Reference(name = "plugins") PluginRegistry plugins) {
        this.plugins = plugins;
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        ctx.send(answer(iq));
        return Outcome.HANDLED;
    }

    private Stanza answer(Stanza iq) {
        Addressee addressee = Addressee.of(iq);
        if (addressee == Addressee.OTHER) {
            // Someone else's account: nothing until there is a roster to check subscriptions against.
            return iq.errorReply(Condition.SERVICE_UNAVAILABLE);
        }
        if (iq.payload().attribute("node") != null) {
            // No plugin offers nodes yet (no XEP-0115 caps, no ad-hoc commands); the error keeps the query.
            return iq.errorReply(Condition.ITEM_NOT_FOUND);
        }
        XmlElement.Builder query = XmlElement.builder("query", NAMESPACE)
                .child(addressee == Addressee.SERVER ? SERVER_IDENTITY : ACCOUNT_IDENTITY);
        // Read on every request: features follow the plugins present now. Sorted for stable answers
        // (and XEP-0115 hashing later); the set already has no duplicates.
        for (String var : new TreeSet<>(plugins.discoFeatures())) {
            query.child(XmlElement.builder("feature", NAMESPACE).attribute("var", var).build());
        }
        return iq.resultReply().withPayload(List.of(query.build()));
    }

    private static XmlElement identity(String category, String type, String name) {
        return XmlElement.builder("identity", NAMESPACE)
                .attribute("category", category).attribute("type", type).attribute("name", name).build();
    }
}
