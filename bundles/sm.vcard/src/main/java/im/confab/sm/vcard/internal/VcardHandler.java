package im.confab.sm.vcard.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.IqHandler;
import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.StoreException;
import im.confab.api.store.XmlStore;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/** XEP-0054 vcard-temp: the server keeps each account's vCard and answers for the account's bare JID. */
@Component(configurationPid = VcardHandler.PID) // also its queues (xmpp.processor.*), in conf/xmpp.sm.vcard.cfg
@Designate(ocd = VcardHandler.Config.class)
@IqHandler(namespace = VcardHandler.NAMESPACE, element = "vCard")
@DiscoFeature(VcardHandler.NAMESPACE)
public final class VcardHandler implements StanzaHandler {
    static final String PID = "xmpp.sm.vcard";
    static final String NAMESPACE = "vcard-temp";
    static final String KIND = "vcard";
    private static final System.Logger LOG = System.getLogger(VcardHandler.class.getName());
    private static final XmlElement EMPTY = XmlElement.of("vCard", NAMESPACE);

    @ObjectClassDefinition(name = "Confab vCards (XEP-0054)")
    @interface Config {
        // Avatars (XEP-0153) travel in the vCard, so this is mostly a bound on the photo.
        @AttributeDefinition(description = "Largest vCard a user may store, in bytes of its serialized XML")
        int max_size() default 65536;
    }

    private final XmlStore store;
    private volatile int maxSize;

    @Activate
    public VcardHandler(@Reference(name = "store") XmlStore store, Config config) {
        this.store = store;
        modified(config);
    }

    // A bad value leaves the previous limit in force; SCR logs the exception with its message.
    @Modified
    void modified(Config config) {
        if (config.max_size() < 1) {
            throw new IllegalArgumentException(PID + ": max.size must be at least 1 byte, was " + config.max_size());
        }
        maxSize = config.max_size();
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        Jid to = iq.to();
        if (to == null || to.local() == null) {
            // The server's own vCard (XEP-0054 allows one): there is none, so the default,
            // service-unavailable, answers; a plugin that has one may be ranked after this one.
            return Outcome.PASS;
        }
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // run inline by configuration: the stores are used on the queue
        }
        ctx.send(answer(iq, to));
        return Outcome.HANDLED;
    }

    private Stanza answer(Stanza iq, Jid account) {
        // The session manager already made a missing 'to' the sender's bare JID (RFC 6120 10.3.3).
        boolean own = iq.from() != null && iq.from().bare().equals(account);
        try {
            return "get".equals(iq.type()) ? get(iq, account.local(), own) : set(iq, account.local(), own);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "vCard storage of " + account + " failed", e);
            return iq.errorReply(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    private Stanza get(Stanza iq, String user, boolean own) {
        Optional<XmlElement> vcard = store.get(user, KIND, "");
        if (vcard.isPresent()) {
            return iq.resultReply().withPayload(List.of(vcard.get()));
        }
        if (own) {
            // Section 3.1 allows an empty vCard or item-not-found; clients show the empty one as "not set yet".
            return iq.resultReply().withPayload(List.of(EMPTY));
        }
        // Section 3.3: for someone else's, an error, the same whether the account exists or not (no harvesting).
        return iq.errorReply(Condition.ITEM_NOT_FOUND);
    }

    private Stanza set(Stanza iq, String user, boolean own) {
        if (!own) {
            return iq.errorReply(Condition.FORBIDDEN); // section 3.2: only the user's own vCard
        }
        XmlElement vcard = iq.payload();
        if (vcard.elements().isEmpty()) {
            // Clients clear their vCard with an empty one; forgetting it keeps "none" one state for everybody.
            store.delete(user, KIND, "");
            return iq.resultReply();
        }
        if (Xml.utf8Length(vcard.toXml()) > maxSize) {
            // Not in XEP-0054; not-acceptable is RFC 6120's "does not meet criteria defined by the server".
            return iq.errorReply(Condition.NOT_ACCEPTABLE, "vCard larger than " + maxSize + " bytes");
        }
        store.put(user, KIND, "", vcard);
        return iq.resultReply();
    }
}
