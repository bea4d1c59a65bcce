package im.confab.sm.disco.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.PluginRegistry;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.RosterStore;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.store.StoreException;
import im.confab.api.xml.XmlElement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.TreeSet;

/**
 * XEP-0030 Service Discovery, disco#info: what the server is and supports, and what it does on behalf of an
 * account, shown to the account's owner and to its contacts with a presence subscription (XEP-0163 section 8).
 */
@Component(configurationPid = "xmpp.sm.disco") // queue settings (xmpp.processor.*) in conf/xmpp.sm.disco.cfg
@IqHandler(namespace = DiscoInfoHandler.NAMESPACE, element = "query", type = IqType.get)
@DiscoFeature({DiscoInfoHandler.NAMESPACE, DiscoItemsHandler.NAMESPACE})
public final class DiscoInfoHandler implements StanzaHandler {
    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    static final String NAMESPACE = "http://jabber.org/protocol/disco#info";

    private static final System.Logger LOG = System.getLogger(DiscoInfoHandler.class.getName());
    private static final XmlElement SERVER_IDENTITY = identity("server", "im", "Confab");
    private static final XmlElement ACCOUNT_IDENTITY = identity("account", "registered", null);

    // Static references: the registry and AccountDisco themselves follow plugins coming and going, so this handler
    // never needs rebinding.
    private final PluginRegistry plugins;
    private final AccountDisco account;
    private final RosterStore roster;

    @Activate
    public DiscoInfoHandler(@Reference(name = "plugins") PluginRegistry plugins,
            @Reference(name = "account") AccountDisco account, @Reference(name = "roster") RosterStore roster) {
        this.plugins = plugins;
        this.account = account;
        this.roster = roster;
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // run inline by configuration: the stores are used on the queue
        }
        Stanza answer;
        try {
            answer = answer(iq);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "disco#info of " + iq.to() + " for " + iq.from() + " failed", e);
            answer = iq.errorReply(Condition.INTERNAL_SERVER_ERROR);
        }
        ctx.send(answer);
        return Outcome.HANDLED;
    }

    private Stanza answer(Stanza iq) {
        Addressee addressee = Addressee.of(iq);
        if (addressee == Addressee.OTHER
                || addressee == Addressee.ANOTHER_ACCOUNT && !subscribed(iq.to(), iq.from())) {
            // Neither the account nor a contact allowed to see it: the same answer as for no account at all.
            return iq.errorReply(Condition.SERVICE_UNAVAILABLE);
        }
        if (iq.payload().attribute("node") != null) {
            // No plugin offers nodes yet (no XEP-0115 caps, no ad-hoc commands); the error keeps the query.
            return iq.errorReply(Condition.ITEM_NOT_FOUND);
        }
        XmlElement.Builder query = XmlElement.builder("query", NAMESPACE);
        // Read on every request: identities and features follow the plugins present now. Features are sorted for
        // stable answers (and XEP-0115 hashing later); the sets have no duplicates.
        TreeSet<String> features = new TreeSet<>();
        if (addressee == Addressee.SERVER) {
            query.child(SERVER_IDENTITY);
            features.addAll(plugins.discoFeatures());
        } else {
            AccountDisco.View view = account.view();
            query.child(ACCOUNT_IDENTITY);
            for (AccountDisco.Identity i : view.identities()) {
                if (!i.equals(AccountDisco.Identity.REGISTERED)) { // ours already; a duplicate breaks caps hashing
                    query.child(identity(i.category(), i.type(), null));
                }
            }
            features.addAll(view.features());
            if (addressee == Addressee.OWN_ACCOUNT) {
                features.addAll(plugins.discoFeatures()); // what the server does for its owner, as the server says
            } else {
                features.add(NAMESPACE); // a contact sees only what the account itself offers, and this query
            }
        }
        for (String var : features) {
            query.child(XmlElement.builder("feature", NAMESPACE).attribute("var", var).build());
        }
        return iq.resultReply().withPayload(List.of(query.build()));
    }

    /** @return true if the account's roster gives the requester a subscription to its presence ('from', 'both') */
    private boolean subscribed(Jid account, Jid requester) {
        RosterStore.Item item = roster.item(account.local(), requester.bare()).orElse(null);
        return item != null && (item.subscription() == Subscription.from || item.subscription() == Subscription.both);
    }

    private static XmlElement identity(String category, String type, String name) {
        return XmlElement.builder("identity", NAMESPACE)
                .attribute("category", category).attribute("type", type).attribute("name", name).build();
    }
}
