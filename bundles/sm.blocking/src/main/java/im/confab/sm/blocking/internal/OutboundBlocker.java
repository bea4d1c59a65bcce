package im.confab.sm.blocking.internal;

import im.confab.api.annotations.MessageHandler;
import im.confab.api.annotations.PresenceHandler;
import im.confab.api.annotations.Processor;
import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;

import java.lang.System.Logger.Level;

/** XEP-0191 Blocking Command, section 3.3: a user's messages and presence to a JID it blocked are not routed. */
// Also loads the sender's list on its first stanza (initial presence, usually), which IqBlocker then finds cached.
// Inline: a cached list is checked on the connection's thread; a list not cached yet is read on the queue.
@Component(configurationPid = BlockingCore.PID) // also its queues (xmpp.processor.*), in conf/xmpp.sm.blocking.cfg
@MessageHandler(direction = StanzaContext.Direction.FROM_CLIENT)
@PresenceHandler(direction = StanzaContext.Direction.FROM_CLIENT)
@Processor(inline = true)
@ServiceRanking(Enforcement.RANKING)
public final class OutboundBlocker implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(OutboundBlocker.class.getName());

    private final BlockingCore core;

    @Activate
    public OutboundBlocker(@Reference(name = "core") BlockingCore core) {
        this.core = core;
    }

    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    @Override
    public Outcome handle(Stanza s, StanzaContext ctx) {
        Jid from = s.from();
        Jid to = s.to();
        if (from == null || from.local() == null) {
            return Outcome.PASS;
        }
        try {
            Blocklist list = core.lists.get(from.local(), ctx.mayBlock());
            if (list == null) {
                return Outcome.DEFER;
            }
            if (to == null || Enforcement.ownSide(to, from) || !list.blocks(to)) {
                return Outcome.PASS;
            }
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "blocklist of " + from.bare() + " unreadable; refusing a stanza to " + to, e);
            if (!s.isError() && ctx.origin() != null) {
                ctx.origin().connection().deliver(s.errorReply(Condition.INTERNAL_SERVER_ERROR));
            }
            return Outcome.HANDLED;
        }
        // "MUST NOT route the stanza ... MUST return a <not-acceptable/> error" with <blocked/>
        Enforcement.refuseOutbound(s, ctx.origin());
        return Outcome.HANDLED;
    }
}
