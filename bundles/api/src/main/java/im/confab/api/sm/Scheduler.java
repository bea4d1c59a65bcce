package im.confab.api.sm;

import java.util.concurrent.TimeUnit;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Timers for plugins, on one hashed-wheel timer shared by the whole server (cheap for 100,000 sessions;
 * resolution about 100 ms). Every bundle gets its own view: its pending tasks are cancelled when it releases
 * the service, so a stopped plugin leaves no timer behind. Tasks run on the timer thread and must not block.
 */
@ProviderType
public interface Scheduler {

    /** A pending task. */
    interface Task {
        /** @return true if it was cancelled before it ran */
        boolean cancel();
    }

    /** Runs a task once after a delay. */
    Task schedule(Runnable task, long delay, TimeUnit unit);
}
