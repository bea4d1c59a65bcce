package im.confab.sm.ping.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/** XEP-0199 XMPP Ping: answers pings to the server and, on the account's behalf, to a bare JID. */
@Component(configurationPid = "xmpp.sm.ping") // its queues (xmpp.processor.*) are set in conf/xmpp.sm.ping.cfg
@IqHandler(namespace = "urn:xmpp:ping", element = "ping", type = IqType.get)
@DiscoFeature("urn:xmpp:ping")
public final class PingHandler implements StanzaHandler {
    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        ctx.send(iq.resultReply());
        return Outcome.HANDLED;
    }
}
