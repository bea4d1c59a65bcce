package im.confab.sm.internal;

import im.confab.api.router.Router;
import im.confab.api.session.ClientSession;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;

import java.util.concurrent.CompletionStage;

/**
 * The context a stanza carries through the stages. Immutable.
 *
 * @param turn the stanza's place in its sender's lane ({@link Sequencer}), or null when it is not sequenced
 */
record StageContext(Router router, ClientSession origin, Direction direction, Sequencer.Turn turn)
        implements StanzaContext {
    StageContext(Router router, ClientSession origin, Direction direction) {
        this(router, origin, direction, null);
    }

    @Override
    public void send(Stanza stanza) {
        router.route(stanza);
    }

    @Override
    public CompletionStage<Void> sendTracked(Stanza stanza) {
        return Tracking.route(router, stanza);
    }

    /** Blocking is allowed on a plugin's queue thread only: elsewhere this is an event loop or the timer. */
    @Override
    public boolean mayBlock() {
        return Thread.currentThread() instanceof Slot.QueueThread;
    }

    /** The stanza is done with (delivered, stored, answered or dropped): its sender's next one may start. */
    void finish() {
        if (turn != null) {
            turn.finish();
        }
    }
}
