package im.confab.sm.blocking.internal;

import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionListener;
import im.confab.api.sm.Scheduler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * XEP-0191: loads a user's blocklist when a session starts, so that the inline iq check (which may not read
 * storage) knows it from the first stanza on, whether or not the client asks for its blocklist. The load runs
 * off the network thread, on the shared timer (one small read per login; a core executor for plugin I/O would be
 * the better home).
 */
@Component
public final class CacheWarmer implements SessionListener {
    private static final System.Logger LOG = System.getLogger(CacheWarmer.class.getName());
    private final BlockingCore core;
    private final Scheduler scheduler;

    @Activate
    public CacheWarmer(@Reference BlockingCore core, @Reference Scheduler scheduler) {
        this.core = core;
        this.scheduler = scheduler;
    }

    @Override
    public void sessionOpened(ClientSession session) {
        String user = session.jid().local();
        scheduler.schedule(() -> {
            try {
                core.lists.get(user);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not load the blocklist of " + user, e);
            }
        }, 0, TimeUnit.MILLISECONDS);
    }
}
