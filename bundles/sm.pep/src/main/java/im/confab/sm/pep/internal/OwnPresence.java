package im.confab.sm.pep.internal;

import im.confab.api.annotations.PresenceHandler;
import im.confab.api.annotations.Processor;
import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * XEP-0163 with XEP-0115: learns from a local resource's broadcast presence which nodes it wants notifications of
 * ({@code node+notify}), keeps that on its session for publishers, and sends it its own account's last items of
 * those nodes when its caps change (initial presence included). Always PASS: the presence goes on as usual.
 */
@Component(configurationPid = PepService.PID)
@PresenceHandler(type = {"available", "unavailable"}, direction = StanzaContext.Direction.FROM_CLIENT)
@Processor(inline = true) // only new caps need the store: deferred to the queue then
public final class OwnPresence implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(OwnPresence.class.getName());
    private final PepService pep;

    @Activate
    public OwnPresence(@Reference(name = "pep") PepService pep) {
        this.pep = pep;
    }

    @Override
    public Outcome handle(Stanza p, StanzaContext ctx) {
        ClientSession s = ctx.origin();
        if (s == null || p.to() != null) {
            return Outcome.PASS; // directed presence says nothing of the resource's interests
        }
        Caps caps = p.type() == null ? Caps.of(p) : null;
        if (caps == null) { // unavailable, or a client without caps: no notifications (XEP-0060 9.2)
            s.attribute(Audience.CAPS, null);
            s.attribute(Audience.NOTIFY, p.type() == null ? Set.of() : null);
            return Outcome.PASS;
        }
        String key = caps.key();
        if (key.equals(s.attribute(Audience.CAPS))) {
            return Outcome.PASS; // a mere status change
        }
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // new caps: the nodes are read, on the queue
        }
        s.attribute(Audience.CAPS, key);
        Jid account = s.jid().bare();
        try {
            pep.nodes().load(account.local()); // here, where blocking is allowed; the answer may come on a network thread
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "PEP nodes of " + account + " unavailable; no last items for " + s.jid(), e);
        }
        pep.features(account, s.jid(), caps).thenAccept(features -> {
            if (!key.equals(s.attribute(Audience.CAPS))) {
                return; // newer caps came meanwhile; their answer decides
            }
            Set<String> nodes = Set.copyOf(PubSub.notifyNodes(features));
            Set<String> before = s.attribute(Audience.NOTIFY);
            s.attribute(Audience.NOTIFY, nodes);
            pep.sendLast(account, s.jid(), nodes.stream().filter(n -> before == null || !before.contains(n)).toList(),
                    ctx);
        }).exceptionally(e -> {
            LOG.log(Level.ERROR, "PEP caps of " + s.jid() + " failed", e);
            return null;
        });
        return Outcome.PASS;
    }
}
