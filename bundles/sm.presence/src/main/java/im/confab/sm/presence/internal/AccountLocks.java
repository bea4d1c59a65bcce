package im.confab.sm.presence.internal;

import im.confab.api.jid.Jid;
import org.osgi.service.component.annotations.Component;

/**
 * One lock per account (striped), shared by the outbound and inbound subscription processors, which run on
 * different queues: a roster change and its push happen under it, so pushes leave in version order and a client
 * never ends on a stale item. A service of this bundle only (its package is private).
 */
@Component(service = AccountLocks.class)
public final class AccountLocks {
    private static final int STRIPES = 256;
    private final Object[] locks = new Object[STRIPES];

    public AccountLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    Object of(Jid account) {
        return locks[Math.floorMod(account.bare().hashCode(), STRIPES)];
    }
}
