package im.confab.sm.last.internal;

import im.confab.api.sm.Scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test doubles: nothing here sleeps or starts a thread. */
final class Fakes {
    private Fakes() {
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Keeps tasks until the test runs them, as the timer thread would later; released, it refuses new ones. */
    static final class FakeScheduler implements Scheduler {
        final List<Runnable> tasks = new ArrayList<>();
        boolean released;

        @Override
        public Task schedule(Runnable task, long delay, TimeUnit unit) {
            if (released) {
                throw new IllegalStateException("scheduler released");
            }
            if (delay != 0) {
                throw new AssertionError("expected an immediate task, got a delay of " + delay + " " + unit);
            }
            tasks.add(task);
            return () -> tasks.remove(task);
        }

        void runAll() {
            List<Runnable> due = new ArrayList<>(tasks);
            tasks.clear();
            due.forEach(Runnable::run);
        }
    }
}
