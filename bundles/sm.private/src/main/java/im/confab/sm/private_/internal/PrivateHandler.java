package im.confab.sm.private_.internal;

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

/** XEP-0049 Private XML Storage: XML a user keeps on the server for itself, one element per namespace. */
// (The package is private_, not private, which is a Java keyword: JLS 6.1's convention for such names.)
@Component(configurationPid = PrivateHandler.PID) // also its queues (xmpp.processor.*), in conf/xmpp.sm.private.cfg
@Designate(ocd = PrivateHandler.Config.class)
@IqHandler(namespace = PrivateStorage.NAMESPACE, element = "query")
@DiscoFeature(PrivateStorage.NAMESPACE)
public final class PrivateHandler implements StanzaHandler {
    static final String PID = "xmpp.sm.private";
    private static final System.Logger LOG = System.getLogger(PrivateHandler.class.getName());

    @ObjectClassDefinition(name = "Confab private XML storage (XEP-0049)")
    @interface Config {
        @AttributeDefinition(description = "Largest element a user may store, in bytes of its serialized XML")
        int max_size() default 65536;
    }

    private final XmlStore store;
    private volatile PrivateStorage storage;

    @Activate
    public PrivateHandler(@Reference(name = "store") XmlStore store, Config config) {
        this.store = store;
        modified(config);
    }

    // A bad value leaves the previous limit in force; SCR logs the exception with its message.
    @Modified
    void modified(Config config) {
        if (config.max_size() < 1) {
            throw new IllegalArgumentException(PID + ": max.size must be at least 1 byte, was " + config.max_size());
        }
        storage = new PrivateStorage(store, config.max_size());
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // run inline by configuration: the stores are used on the queue
        }
        ctx.send(answer(iq));
        return Outcome.HANDLED;
    }

    private Stanza answer(Stanza iq) {
        Jid from = iq.from();
        // The session manager already made a missing 'to' the sender's bare JID (RFC 6120 10.3.3).
        if (from == null || from.local() == null || !from.bare().equals(iq.to())) {
            // XEP-0049 section 3: forbidden, which it prefers to the also common service-unavailable
            return iq.errorReply(Condition.FORBIDDEN);
        }
        try {
            PrivateStorage.Answer a = "get".equals(iq.type())
                    ? storage.get(from.local(), iq.payload())
                    : storage.set(from.local(), iq.payload());
            if (a.error() != null) {
                return iq.errorReply(a.error(), a.text());
            }
            return a.query() == null ? iq.resultReply() : iq.resultReply().withPayload(List.of(a.query()));
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "private XML storage of " + from.bare() + " failed", e);
            return iq.errorReply(Condition.INTERNAL_SERVER_ERROR);
        }
    }
}
