package im.confab.sm.internal;

import im.confab.api.stanza.Stanza;

/** A stanza waiting for (or running in) one plugin of a stage's chain; re-run from its stage after a swap. */
record Work(Pipeline pipeline, Stanza stanza, StageContext ctx, Slot.Stage stage, Slot[] chain, int position,
            Pipeline.Terminal terminal)
        implements Runnable {
    @Override
    public void run() {
        pipeline.execute(this);
    }
}
