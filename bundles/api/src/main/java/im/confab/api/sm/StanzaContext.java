package im.confab.api.sm;

import im.confab.api.session.ClientSession;
import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ProviderType;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a plugin may do besides looking at its stanza. */
@ProviderType
public interface StanzaContext {

    /** Where a stanza is in its path through the session manager. */
    enum Direction {
        /** Just sent by a local client (its {@code from} already stamped), before routing. */
        FROM_CLIENT,
        /** Addressed to the server or to a local account, after routing. */
        TO_LOCAL
    }

    /** Routes a stanza the plugin produced (a reply, a push). */
    void send(Stanza stanza);

    /**
     * Routes a stanza like {@link #send} and tells when this server is done with it: for a local account, once it
     * went through the session manager's stages (delivered, stored, answered or dropped by the recipient's
     * plugins); for anything else, once it was handed to the component serving its domain. A reply that must not
     * overtake what the stanzas sent before it do at their recipients waits for this: the result of a roster
     * removal comes after the contact's roster has taken the cancelled subscriptions, so a request the client
     * sends next cannot meet a cancellation still under way.
     *
     * <p>The stage completes on whichever thread finished the stanza; a plugin that waits for it bounds the wait.
     */
    default CompletionStage<Void> sendTracked(Stanza stanza) {
        send(stanza);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Waits, on a thread that {@link #mayBlock may block}, until every stage completed (normally or not), or the
     * time is up, or the thread is interrupted (its flag then stays set).
     *
     * @return true when all completed in time
     */
    static boolean awaitAll(Collection<? extends CompletionStage<?>> stages, long timeoutMillis) {
        if (stages.isEmpty()) {
            return true;
        }
        CompletableFuture<?>[] all = stages.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true; // completed, exceptionally: done with all the same
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the local session that sent the stanza, or null when it came from elsewhere */
    ClientSession origin();

    /** @return where the stanza is in its path */
    Direction direction();

    /**
     * @return true on a thread that may block (a plugin's own queue); false where a plugin must not block (a
     *         connection's event loop, a timer), so an inline plugin returns {@link Outcome#DEFER} instead of
     *         reading or writing a store
     */
    boolean mayBlock();
}
