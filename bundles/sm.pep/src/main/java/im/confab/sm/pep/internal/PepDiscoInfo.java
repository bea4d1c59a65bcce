package im.confab.sm.pep.internal;

import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.PluginRegistry;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.StoreException;
import im.confab.api.xml.XmlElement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.util.List;
import java.util.TreeSet;

/**
 * XEP-0163 section 9 (XEP-0030): an account's disco#info shows it is a PEP service, identity pubsub/pep and the
 * pubsub features, to its owner and to contacts who may see its nodes. Ranked before the disco plugin, which
 * answers everything else; the features are not service properties, because the server itself hosts no pubsub
 * service and must not claim one in its own disco#info.
 */
@Component(configurationPid = PepService.PID, property = "service.ranking:Integer=10")
@IqHandler(namespace = Caps.DISCO_INFO, element = "query", type = IqType.get)
public final class PepDiscoInfo implements StanzaHandler {
    private final PepService pep;
    private final PluginRegistry plugins;

    @Activate
    public PepDiscoInfo(@Reference(name = "pep") PepService pep, @Reference(name = "plugins") PluginRegistry plugins) {
        this.pep = pep;
        this.plugins = plugins;
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        Jid to = iq.to();
        Jid from = iq.from();
        if (to == null || to.local() == null || !to.isBare() || from == null
                || iq.payload().attribute("node") != null) {
            return Outcome.PASS;
        }
        boolean owner = from.bare().equals(to);
        try {
            if (!owner && !Audience.allowed(pep.roster(), to, from)) {
                return Outcome.PASS;
            }
        } catch (StoreException e) {
            return Outcome.PASS; // the disco plugin answers without the PEP part
        }
        // the owner sees what the server does for it, as the disco plugin shows; a contact sees the account's PEP
        TreeSet<String> features = new TreeSet<>(PubSub.FEATURES);
        features.add(Caps.DISCO_INFO);
        if (owner) {
            features.addAll(plugins.discoFeatures());
        }
        XmlElement.Builder q = XmlElement.builder("query", Caps.DISCO_INFO)
                .child(identity("account", "registered")).child(identity("pubsub", "pep"));
        features.forEach(f -> q.child(XmlElement.builder("feature", Caps.DISCO_INFO).attribute("var", f).build()));
        ctx.send(iq.resultReply().withPayload(List.of(q.build())));
        return Outcome.HANDLED;
    }

    private static XmlElement identity(String category, String type) {
        return XmlElement.builder("identity", Caps.DISCO_INFO).attribute("category", category)
                .attribute("type", type).build();
    }
}
