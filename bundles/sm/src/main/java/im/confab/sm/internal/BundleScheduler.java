package im.confab.sm.internal;

import im.confab.api.sm.Scheduler;
import io.netty.util.Timeout;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Scheduler} each bundle gets (bundle scope): tasks run on the shared wheel, and whatever a bundle
 * still has pending when it releases the service (it stopped, or was updated or uninstalled) is cancelled.
 */
@Component(service = Scheduler.class, scope = ServiceScope.BUNDLE)
public final class BundleScheduler implements Scheduler {
    private final SharedTimer timer;
    private final Set<Timeout> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Activate
    public BundleScheduler(@Reference SharedTimer timer) {
        this.timer = timer;
    }

    @Override
    public Task schedule(Runnable task, long delay, TimeUnit unit) {
        if (closed) {
            throw new IllegalStateException("scheduler released");
        }
        Timeout[] self = new Timeout[1];
        Timeout t = timer.schedule(() -> {
            pending.remove(self[0]);
            task.run();
        }, delay, unit);
        self[0] = t;
        pending.add(t);
        if (t.isExpired()) {
            pending.remove(t);
        }
        return () -> {
            pending.remove(t);
            return t.cancel();
        };
    }

    int pending() {
        return pending.size();
    }

    @Deactivate
    void deactivate() {
        closed = true;
        for (Timeout t : pending) {
            t.cancel();
        }
        pending.clear();
    }
}
