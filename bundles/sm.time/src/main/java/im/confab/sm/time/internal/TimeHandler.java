package im.confab.sm.time.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import java.time.Clock;
import java.util.List;

/** XEP-0202 Entity Time: the server's time in UTC and its time zone offset. */
@Component(configurationPid = "xmpp.sm.time") // its queues (xmpp.processor.*) are set in conf/xmpp.sm.time.cfg
@IqHandler(namespace = EntityTime.NAMESPACE, element = "time", type = IqType.get)
@DiscoFeature(EntityTime.NAMESPACE)
public final class TimeHandler implements StanzaHandler {
    // The offset reported is the clock's zone: UTC, which tells a requester nothing about where the server is.
    private final Clock clock;

    public TimeHandler() {
        this(Clock.systemUTC());
    }

    TimeHandler(Clock clock) {
        this.clock = clock;
    }

    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        if (iq.to() == null || !iq.to().isDomain()) {
            // An account's bare JID: its clients answer for their full JIDs; the default (service-unavailable)
            // applies, as RFC 6121 8.5.2.1.3 wants for an iq to a bare JID nobody handles.
            return Outcome.PASS;
        }
        ctx.send(iq.resultReply().withPayload(List.of(EntityTime.of(clock))));
        return Outcome.HANDLED;
    }
}
