package im.confab.sm.internal;

import im.confab.api.session.ClientSession;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaFilter;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.sm.StanzaPostprocessor;
import im.confab.api.sm.StanzaPreprocessor;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The four stages of the seeds (Tigase's session manager): preprocessors inline, then processors and
 * postprocessors each on their own queues (or inline first, when they declare it, and on their queue only for
 * what they defer), then the built-in default, and filters on what goes out. While a
 * processor or postprocessor is being swapped, stanzas for its interest wait in a {@link Hold}.
 */
final class Pipeline {
    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

    /** What happens after the last stage: the session manager's RFC 6121 default. */
    interface Terminal {
        void deliver(Stanza stanza, StageContext ctx);
    }

    private volatile PluginIndex index = PluginIndex.EMPTY;
    final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private static final Slot[] NO_SLOTS = new Slot[0];

    PluginIndex index() {
        return index;
    }

    void publish(PluginIndex next) {
        index = next;
    }

    /** @return false when a preprocessor stopped the stanza */
    boolean preprocess(Stanza s, StageContext ctx) {
        for (Slot slot : index.preprocessors) {
            try {
                if (((StanzaPreprocessor) slot.service()).preprocess(s, ctx) == Outcome.HANDLED) {
                    slot.handled.increment();
                    return false;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "preprocessor " + slot + " failed; the stanza goes on without it", e);
            }
        }
        return true;
    }

    /** @return the stanza as the filters let it out, or null when one dropped it */
    Stanza filter(Stanza s, ClientSession to) {
        Stanza out = s;
        for (Slot slot : index.filters) {
            try {
                out = ((StanzaFilter) slot.service()).filter(out, to);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "filter " + slot + " failed; the stanza goes on without it", e);
            }
            if (out == null) {
                slot.handled.increment();
                return null;
            }
        }
        return out;
    }

    /** Runs processors (when {@code processors}), then postprocessors, then the terminal. */
    void process(Stanza s, StageContext ctx, boolean processors, Terminal terminal) {
        runStage(s, ctx, processors ? Slot.Stage.PROCESSOR : Slot.Stage.POSTPROCESSOR, terminal);
    }

    void runStage(Stanza s, StageContext ctx, Slot.Stage stage, Terminal terminal) {
        runStage(s, ctx, stage, terminal, index);
    }

    /** Runs a stage on a given index (a swap hands held stanzas to an index it has not published yet). */
    void runStage(Stanza s, StageContext ctx, Slot.Stage stage, Terminal terminal, PluginIndex seen) {
        Slot[] chain = seen.chain(stage, s, ctx.direction());
        if (chain.length == 0 && !holds.isEmpty()) {
            if (hold(new Work(this, s, ctx, stage, chain, 0, terminal))) {
                return;
            }
            // a swap may have finished between the two reads: the new version gets it
            PluginIndex now = index;
            if (now != seen) {
                chain = now.chain(stage, s, ctx.direction());
            }
        }
        next(s, ctx, stage, chain, 0, terminal);
    }

    private boolean hold(Work w) {
        for (String key : Interest.of(w.stanza(), w.ctx().direction())) {
            Hold h = holds.get(key);
            if (h != null && h.stage == w.stage() && h.add(w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Goes down the chain from {@code pos}: inline plugins run here, on the routing thread; the first plugin that
     * needs its queue (a queued one, or an inline one that deferred) gets the stanza, and its queue thread goes
     * on from there ({@link #execute}).
     */
    private void next(Stanza s, StageContext ctx, Slot.Stage stage, Slot[] chain, int pos, Terminal terminal) {
        for (; pos < chain.length; pos++) {
            Slot slot = chain[pos];
            if (slot.inline) {
                if (!slot.enterInline()) {
                    restart(s, ctx, stage, slot, terminal); // going away meanwhile
                    return;
                }
                Outcome o;
                try {
                    o = call(slot, stage, s, ctx);
                } catch (RuntimeException e) {
                    failed(slot, s, ctx, e);
                    return;
                } finally {
                    slot.exitInline();
                }
                if (o == Outcome.HANDLED) {
                    slot.handled.increment();
                    ctx.finish();
                    return;
                }
                if (o == Outcome.PASS) {
                    continue;
                }
                // DEFER: the same plugin again, on its queue
            }
            switch (slot.submit(new Work(this, s, ctx, stage, chain, pos, terminal), false)) {
                case QUEUED -> { }
                case CLOSED -> restart(s, ctx, stage, slot, terminal); // unbound meanwhile
                case FULL -> {
                    LOG.log(Level.WARNING, "queue of {0} is full; answering resource-constraint", slot);
                    reply(s, ctx, StanzaError.Condition.RESOURCE_CONSTRAINT);
                    ctx.finish();
                }
            }
            return;
        }
        if (stage == Slot.Stage.PROCESSOR) {
            runStage(s, ctx, Slot.Stage.POSTPROCESSOR, terminal);
        } else {
            try {
                terminal.deliver(s, ctx);
            } finally {
                ctx.finish();
            }
        }
    }

    /**
     * A plugin of the chain closed before it took the stanza. Its swap created the holds before closing it and
     * publishes the index without it only afterwards, holding their locks all along: the stanza waits for that in
     * {@link Hold#add} and joins the hold. When nothing holds for it (holding switched off, or another plugin
     * serves the interest), the stanza goes on past the closed plugin, as the index the swap is about to publish
     * routes it; starting the stage afresh instead found the old index again, still with the closed plugin, and
     * recursed until the swap published (a stack overflow on a loaded machine, and the sender's lane stalled).
     */
    private void restart(Stanza s, StageContext ctx, Slot.Stage stage, Slot closed, Terminal terminal) {
        if (!holds.isEmpty() && hold(new Work(this, s, ctx, stage, NO_SLOTS, 0, terminal))) {
            return;
        }
        Slot[] chain = index.chain(stage, s, ctx.direction());
        int at = 0;
        while (at < chain.length && chain[at] != closed) {
            at++;
        }
        // not yet published: past the closed plugin on the same chain; published: the new chain from its start
        next(s, ctx, stage, chain, at < chain.length ? at + 1 : 0, terminal);
    }

    private static Outcome call(Slot slot, Slot.Stage stage, Stanza s, StageContext ctx) {
        Object plugin = slot.service();
        Outcome o = stage == Slot.Stage.PROCESSOR ? ((StanzaHandler) plugin).handle(s, ctx)
                : ((StanzaPostprocessor) plugin).postprocess(s, ctx);
        if (o == null) {
            throw new IllegalStateException("returned no outcome");
        }
        return o;
    }

    private static void failed(Slot slot, Stanza s, StageContext ctx, RuntimeException e) {
        try {
            LOG.log(Level.ERROR, "plugin " + slot + " failed on a stanza", e);
            reply(s, ctx, StanzaError.Condition.INTERNAL_SERVER_ERROR);
        } finally {
            ctx.finish(); // handled, failed or thrown: this stanza is done with
        }
    }

    /** Runs one plugin on its queue thread and continues the chain when it passes. */
    void execute(Work w) {
        Slot slot = w.chain()[w.position()];
        Outcome o;
        try {
            o = call(slot, w.stage(), w.stanza(), w.ctx());
            if (o == Outcome.DEFER) {
                throw new IllegalStateException("deferred on its own queue, where it may block");
            }
        } catch (RuntimeException e) {
            failed(slot, w.stanza(), w.ctx(), e);
            return;
        }
        if (o == Outcome.HANDLED) {
            slot.handled.increment();
            w.ctx().finish();
            return;
        }
        next(w.stanza(), w.ctx(), w.stage(), w.chain(), w.position() + 1, w.terminal());
    }

    /** Re-runs held or drained work from the start of its stage, on the current index. */
    void resume(List<Work> works) {
        for (Work w : works) {
            runStage(w.stanza(), w.ctx(), w.stage(), w.terminal());
        }
    }

    /** Re-runs held work on a given index, in order. */
    void resume(List<Work> works, PluginIndex on) {
        for (Work w : works) {
            runStage(w.stanza(), w.ctx(), w.stage(), w.terminal(), on);
        }
    }

    static void reply(Stanza s, StageContext ctx, StanzaError.Condition c) {
        if (!s.isError() && s.from() != null && !(s.isIq() && !s.isIqRequest())) {
            ctx.send(s.errorReply(c));
        }
    }
}
