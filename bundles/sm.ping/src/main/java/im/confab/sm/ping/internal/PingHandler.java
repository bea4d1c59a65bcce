package im.confab.sm.ping.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import org.osgi.service.component.annotations.Component;

/** XEP-0199 XMPP Ping: answers pings to the server and, on the account's behalf, to a bare JID. */
@Component
@IqHandler(namespace = "urn:xmpp:ping", element = "ping", type = IqType.get)
@DiscoFeature("urn:xmpp:ping")
public final class PingHandler implements StanzaHandler {
    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        ctx.send(iq.resultReply());
        return Outcome.HANDLED;
    }
}
