package im.confab.sm.presence.internal;

import im.confab.api.annotations.PresenceHandler;
import im.confab.api.annotations.Processor;
import im.confab.api.session.ClientSession;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import org.osgi.service.component.annotations.Component;

import java.util.Set;

/**
 * RFC 6121 4.6.3: remembers who got directed presence from a session, so that they learn when it goes away
 * (PresenceBroadcaster, UnavailableOnClose) and may probe it (ProbeHandler). PASS: the session manager routes it.
 */
@Component(configurationPid = "xmpp.sm.presence")
@PresenceHandler(type = {"available", "unavailable"}, direction = StanzaContext.Direction.FROM_CLIENT)
@Processor(inline = true) // session attributes only: never blocks
public final class DirectedPresence implements StanzaHandler {
    @Override
    public Outcome handle(Stanza p, StanzaContext ctx) {
        ClientSession s = ctx.origin();
        if (p.to() == null || s == null || p.to().bare().equals(s.jid().bare())) {
            return Outcome.PASS; // broadcast presence, or to one's own account
        }
        if (p.type() == null) {
            PresenceState.setOf(s, PresenceState.DIRECTED).add(p.to());
        } else {
            Set<?> directed = s.attribute(PresenceState.DIRECTED);
            if (directed != null) {
                directed.remove(p.to()); // 4.6.1: directed unavailable ends it
            }
        }
        return Outcome.PASS;
    }
}
