package im.confab.sm.presence.internal;

import im.confab.api.router.Router;
import im.confab.api.sm.Scheduler;
import im.confab.api.stanza.Stanza;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The presence plugin's own test doubles; the shared ones are in {@code im.confab.test.support}. */
final class Fakes {
    private Fakes() {
    }

    /** A scheduler that runs what is due only when told. */
    static final class FakeScheduler implements Scheduler {
        final List<Runnable> pending = new ArrayList<>();

        @Override
        public Task schedule(Runnable task, long delay, TimeUnit unit) {
            pending.add(task);
            return () -> pending.remove(task);
        }

        void runAll() {
            List<Runnable> due = List.copyOf(pending);
            pending.clear();
            due.forEach(Runnable::run);
        }
    }

    /** Keeps what is routed. */
    static final class RecordingRouter implements Router {
        final List<Stanza> routed = new ArrayList<>();

        @Override
        public void route(Stanza stanza) {
            routed.add(stanza);
        }
    }
}
