package im.confab.sm.internal;

import im.confab.api.router.Router;
import im.confab.api.session.ClientSession;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;

/** The context a stanza carries through the stages. Immutable. */
record StageContext(Router router, ClientSession origin, Direction direction) implements StanzaContext {
    @Override
    public void send(Stanza stanza) {
        router.route(stanza);
    }
}
