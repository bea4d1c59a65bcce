package im.confab.sm.offline.internal;

import im.confab.api.session.SessionManager;
import im.confab.api.store.OfflineStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.time.Clock;

/**
 * XEP-0160: the {@link Spool} that {@link OfflineStorage} and {@link OfflineDelivery} share (they need one
 * per-user lock), as a service of this bundle only: its type is private, nobody else can see it.
 */
@Component(service = OfflineSpool.class, configurationPid = OfflineSpool.PID)
@Designate(ocd = OfflineSpool.Config.class)
public final class OfflineSpool {
    static final String PID = "xmpp.sm.offline";

    @ObjectClassDefinition(name = "Confab offline messages (XEP-0160)")
    @interface Config {
        @AttributeDefinition(description = "Most messages kept for one user; beyond, senders get service-unavailable")
        int quota() default 1000;

        @AttributeDefinition(description = "Kept messages read per storage call while handing them to a client")
        int batch_size() default 100;
    }

    final Spool spool;

    @Activate
    public OfflineSpool(@Reference(name = "store") OfflineStore store,
                        @Reference(name = "sessions") SessionManager sessions, Config config) {
        this(store, sessions, config, Clock.systemUTC());
    }

    OfflineSpool(OfflineStore store, SessionManager sessions, Config config, Clock clock) {
        this.spool = new Spool(store, sessions, clock, settings(config));
    }

    // A bad value leaves the previous settings in force; SCR logs the exception with its message.
    @Modified
    void modified(Config config) {
        spool.update(settings(config));
    }

    private static Spool.Settings settings(Config c) {
        return new Spool.Settings(c.quota(), c.batch_size());
    }
}
