package im.confab.sm.pep.internal;

import im.confab.api.annotations.PresenceHandler;
import im.confab.api.annotations.Processor;
import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;

/**
 * XEP-0163 4.3.3 with XEP-0115: a contact's presence to a local account tells the account's PEP service which
 * nodes that resource wants ({@code node+notify}); when its caps are new (it came online, or changed its filter)
 * and it may see the nodes, it gets their last items. Always PASS: the presence is delivered as usual.
 */
@Component(configurationPid = PepService.PID)
@PresenceHandler(type = {"available", "unavailable"})
@Processor(inline = true) // most presence brings no new caps: decided from memory on the routing thread
public final class ContactPresence implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(ContactPresence.class.getName());
    private final PepService pep;

    @Activate
    public ContactPresence(@Reference(name = "pep") PepService pep) {
        this.pep = pep;
    }

    @Override
    public Outcome handle(Stanza p, StanzaContext ctx) {
        Jid from = p.from();
        Jid to = p.to();
        if (from == null || from.resource() == null || to.local() == null || from.bare().equals(to.bare())) {
            return Outcome.PASS; // own resources: OwnPresence
        }
        Jid account = to.bare();
        Caps caps = p.type() == null ? Caps.of(p) : null;
        String key = caps == null ? null : caps.key();
        if (!ctx.mayBlock() && pep.audience().capsChanged(account, from, key)) {
            return Outcome.DEFER; // the roster and the nodes are read: on the queue
        }
        if (!pep.audience().contactCaps(account, from, key)) {
            return Outcome.PASS; // gone, no caps, or the same caps as before
        }
        try {
            if (!Audience.allowed(pep.roster(), account, from)) {
                return Outcome.PASS;
            }
            pep.nodes().load(account.local());
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "PEP of " + account + " unavailable; no last items for " + from, e);
            return Outcome.PASS;
        }
        pep.features(to, from, caps)
                .thenAccept(features -> pep.sendLast(account, from, PubSub.notifyNodes(features), ctx))
                .exceptionally(e -> {
                    LOG.log(Level.ERROR, "PEP caps of " + from + " failed", e);
                    return null;
                });
        return Outcome.PASS;
    }
}
