package im.confab.sm.offline.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.MessageHandler;
import im.confab.api.annotations.Processor;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaPostprocessor;
import im.confab.api.stanza.Stanza;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/** XEP-0160 Offline Messages: keeps what no resource of a local account can take now (Tigase's msgoffline). */
// A postprocessor: it sees only what no processor took, just before the RFC 6121 default would bounce it.
// Inline: a message for someone receiving passes on the routing thread; only storing goes to the queue.
@Component(configurationPid = OfflineSpool.PID) // also its queues (xmpp.processor.*), in conf/xmpp.sm.offline.cfg
@MessageHandler(type = {"normal", "chat"}) // XEP-0160 section 3: error, groupchat and headline are never kept
@Processor(inline = true)
@DiscoFeature("msgoffline")
public final class OfflineStorage implements StanzaPostprocessor {
    private final Spool spool;

    @Activate
    public OfflineStorage(@Reference(name = "spool") OfflineSpool spool) {
        this.spool = spool.spool;
    }

    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    @Override
    public Outcome postprocess(Stanza message, StanzaContext ctx) {
        return spool.keep(message, ctx);
    }
}
