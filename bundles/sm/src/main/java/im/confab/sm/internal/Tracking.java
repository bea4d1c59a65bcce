package im.confab.sm.internal;

import im.confab.api.router.Router;
import im.confab.api.stanza.Stanza;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link im.confab.api.sm.StanzaContext#sendTracked}: the router hands a stanza for a local account to the session
 * manager on the routing thread, so the completion travels beside it in a thread-local from the plugin's send to
 * {@link SessionManagerImpl#receive}, which ties it to the stanza's turn. Nothing is added to the router's path or
 * to the stanza. A stanza no session manager took (another component's, or refused) is done once routed.
 */
final class Tracking {
    private record Pending(Stanza stanza, CompletableFuture<Void> done) { }

    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

    private Tracking() { }

    static CompletionStage<Void> route(Router router, Stanza stanza) {
        Pending p = new Pending(stanza, new CompletableFuture<>());
        Pending outer = PENDING.get();
        PENDING.set(p);
        try {
            router.route(stanza);
        } finally {
            boolean taken = PENDING.get() != p;
            PENDING.set(outer);
            if (!taken) {
                p.done.complete(null);
            }
        }
        return p.done;
    }

    /**
     * @return what completes when this stanza is done with, if it is the one a plugin is sending tracked on this
     *         thread (identity: another stanza routed meanwhile, by a component on the way, is not it); or null
     */
    static CompletableFuture<Void> take(Stanza stanza) {
        Pending p = PENDING.get();
        if (p == null || p.stanza != stanza) {
            return null;
        }
        PENDING.set(null);
        return p.done;
    }
}
