package im.confab.sm.internal;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The server's one timer: a hashed wheel (100 ms ticks), so that 100,000 pending timers cost a slot each and
 * no thread or heap reorganisation per timer. Internal to the session manager; plugins reach it through the
 * bundle-scoped {@code Scheduler}.
 */
@Component(service = SharedTimer.class)
public final class SharedTimer {
    private final HashedWheelTimer wheel;

    public SharedTimer() {
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "confab-timer");
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        };
        wheel = new HashedWheelTimer(tf, 100, TimeUnit.MILLISECONDS, 1024, true, 1_000_000);
    }

    /** Runs a task once after a delay, on the timer thread (it must be quick). */
    Timeout schedule(Runnable task, long delay, TimeUnit unit) {
        return wheel.newTimeout(t -> task.run(), delay, unit);
    }

    int pending() {
        return (int) wheel.pendingTimeouts();
    }

    @Deactivate
    void deactivate() {
        wheel.stop();
    }
}
