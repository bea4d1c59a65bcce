package im.confab.sm.offline.internal;

import im.confab.api.annotations.PresenceHandler;
import im.confab.api.annotations.Processor;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/** XEP-0160 Offline Messages: hands kept messages, with XEP-0203 delay stamps, to a client becoming available. */
// Sees a client's own presence before the session manager applies it; unavailable only clears its mark. Inline:
// only the presence that makes a session a receiver reads the store, on the queue; later ones pass at once.
@Component(configurationPid = OfflineSpool.PID) // also its queues (xmpp.processor.*), in conf/xmpp.sm.offline.cfg
@PresenceHandler(type = {"available", "unavailable"}, direction = StanzaContext.Direction.FROM_CLIENT)
@Processor(inline = true)
public final class OfflineDelivery implements StanzaHandler {
    private final Spool spool;

    @Activate
    public OfflineDelivery(@Reference(name = "spool") OfflineSpool spool) {
        this.spool = spool.spool;
    }

    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    @Override
    public Outcome handle(Stanza presence, StanzaContext ctx) {
        return spool.ownPresence(presence, ctx); // PASS: availability, broadcast, other plugins go on
    }
}
