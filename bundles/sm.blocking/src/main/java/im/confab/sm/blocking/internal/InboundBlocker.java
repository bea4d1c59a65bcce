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
import im.confab.api.stanza.StanzaKind;
import im.confab.api.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;

import java.lang.System.Logger.Level;

/** XEP-0191 Blocking Command, section 3.3: messages and presence from a blocked JID never reach the user. */
// A processor ranked before all others, so offline storage, presence and the rest never see a blocked stanza.
// Inline: a cached list is checked on the routing thread; only a list not cached yet sends the stanza to the
// plugin's queue, where the store is read. Iq requests are IqBlocker's: processors cannot ask for every iq.
@Component(configurationPid = BlockingCore.PID) // also its queues (xmpp.processor.*), in conf/xmpp.sm.blocking.cfg
@MessageHandler
@PresenceHandler
@Processor(inline = true)
@ServiceRanking(Enforcement.RANKING)
public final class InboundBlocker implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(InboundBlocker.class.getName());

    private final BlockingCore core;

    @Activate
    public InboundBlocker(@Reference(name = "core") BlockingCore core) {
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
        if (from == null || to == null || to.local() == null || Enforcement.ownSide(from, to)) {
            return Outcome.PASS;
        }
        try {
            Blocklist own = core.lists.get(to.local(), ctx.mayBlock());
            if (own == null) {
                return Outcome.DEFER;
            }
            if (own.blocks(from)) {
                // presence: "MUST NOT respond"; message: "SHOULD return" service-unavailable; errors: never answered
                if (s.kind() == StanzaKind.MESSAGE && !s.isError() && core.messageError()) {
                    ctx.send(s.errorReply(Condition.SERVICE_UNAVAILABLE));
                }
                return Outcome.HANDLED;
            }
            Outcome theirs = sentForALocalUserWhoBlocked(s, from, to, ctx.mayBlock());
            if (theirs != Outcome.PASS) {
                return theirs;
            }
        } catch (StoreException e) {
            // unknown list: refuse rather than deliver what may be blocked
            LOG.log(Level.WARNING, "blocklist unreadable; refusing a stanza from " + from + " to " + to, e);
            if (!s.isError() && s.kind() == StanzaKind.MESSAGE) {
                ctx.send(s.errorReply(Condition.INTERNAL_SERVER_ERROR));
            }
            return Outcome.HANDLED;
        }
        return Outcome.PASS;
    }

    /**
     * What the server sends on behalf of a local user (the presence plugin's broadcasts and probe answers) to a
     * local contact that user blocked: the client's own stanzas were stopped by OutboundBlocker already. Only
     * unavailable presence (sent on block, or when the user leaves) and errors (our bounces) still go.
     */
    private Outcome sentForALocalUserWhoBlocked(Stanza s, Jid from, Jid to, boolean mayBlock) {
        if (from.local() == null || s.isError() || "unavailable".equals(s.type())
                || !core.sessions.servesDomain(from.domain())) {
            return Outcome.PASS;
        }
        Blocklist theirs = core.lists.get(from.local(), mayBlock);
        return theirs == null ? Outcome.DEFER : theirs.blocks(to) ? Outcome.HANDLED : Outcome.PASS;
    }
}
