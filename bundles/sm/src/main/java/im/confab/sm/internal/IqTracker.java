package im.confab.sm.internal;

import im.confab.api.router.Router;
import im.confab.api.sm.IqClient;
import im.confab.api.stanza.Stanza;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Iq requests the server sends (server pings, later roster pushes that want an answer): remembered by id and
 * addressee until the result or error comes back to the server, or the timeout passes on the shared wheel.
 */
@Component(service = {IqClient.class, IqTracker.class})
public final class IqTracker implements IqClient {
    private final Router router;
    private final SharedTimer timer;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    /** A request waiting for its answer, with its timeout on the wheel (cancelled when the answer comes). */
    private static final class Pending {
        final CompletableFuture<Stanza> future = new CompletableFuture<>();
        volatile io.netty.util.Timeout timeout;
    }

    @Activate
    public IqTracker(@Reference Router router, @Reference SharedTimer timer) {
        this.router = router;
        this.timer = timer;
    }

    @Override
    public CompletionStage<Stanza> request(Stanza iq, long timeout, TimeUnit unit) {
        if (!iq.isIqRequest() || iq.id() == null || iq.to() == null || iq.from() == null) {
            throw new IllegalArgumentException("an iq get or set with id, from and to is needed: " + iq);
        }
        String key = key(iq.id(), iq.to().toString());
        Pending p = new Pending();
        if (pending.putIfAbsent(key, p) != null) {
            throw new IllegalArgumentException("an iq with id " + iq.id() + " to " + iq.to() + " is already pending");
        }
        p.timeout = timer.schedule(() -> {
            if (pending.remove(key, p)) {
                p.future.completeExceptionally(new TimeoutException("no answer from " + iq.to() + " within " + timeout
                        + " " + unit.toString().toLowerCase(java.util.Locale.ROOT)));
            }
        }, timeout, unit);
        router.route(iq);
        return p.future;
    }

    /** @return true if the stanza answered a pending request (then nobody else should see it) */
    boolean complete(Stanza answer) {
        if (answer.id() == null || answer.from() == null) {
            return false;
        }
        Pending p = pending.remove(key(answer.id(), answer.from().toString()));
        if (p == null) {
            return false;
        }
        io.netty.util.Timeout t = p.timeout;
        if (t != null) {
            t.cancel(); // frees the wheel slot now rather than after the whole timeout
        }
        p.future.complete(answer);
        return true;
    }

    int pending() {
        return pending.size();
    }

    private static String key(String id, String jid) {
        return id + '\u0000' + jid;
    }

    @Deactivate
    void deactivate() {
        pending.values().forEach(p -> p.future.completeExceptionally(new IllegalStateException("server stopping")));
        pending.clear();
    }
}
