package im.confab.sm.disco.internal;

import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.xml.XmlElement;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import java.util.List;

/** XEP-0030 Service Discovery, disco#items: the entities behind the server or the requester's own account. */
@Component(configurationPid = "xmpp.sm.disco") // queue settings (xmpp.processor.*) in conf/xmpp.sm.disco.cfg
@IqHandler(namespace = DiscoItemsHandler.NAMESPACE, element = "query", type = IqType.get)
public final class DiscoItemsHandler implements StanzaHandler {
    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    static final String NAMESPACE = "http://jabber.org/protocol/disco#items";

    // Nothing to list yet: components such as MUC will add their items to the server's list.
    private static final XmlElement EMPTY = XmlElement.of("query", NAMESPACE);

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        ctx.send(answer(iq));
        return Outcome.HANDLED;
    }

    private static Stanza answer(Stanza iq) {
        Addressee addressee = Addressee.of(iq);
        if (addressee != Addressee.SERVER && addressee != Addressee.OWN_ACCOUNT) {
            // Someone else's account: no items to show a contact yet (a PEP node list would be one), so nothing.
            return iq.errorReply(Condition.SERVICE_UNAVAILABLE);
        }
        if (iq.payload().attribute("node") != null) {
            return iq.errorReply(Condition.ITEM_NOT_FOUND);
        }
        return iq.resultReply().withPayload(List.of(EMPTY));
    }
}
