package im.confab.api.sm;

import im.confab.api.stanza.Stanza;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.osgi.annotation.versioning.ProviderType;

/** Sends iq requests from the server and matches their answers (result or error) by id and addressee. */
@ProviderType
public interface IqClient {

    /**
     * Routes an iq get or set (it needs an id, a {@code from} and a {@code to}). The {@code from} is a local
     * domain, or the bare JID of a local account for what the server sends on its behalf (a roster push): the
     * answer, addressed there, is matched by id and by the requester's address.
     *
     * @return completes with the result or error stanza, or exceptionally with a
     *         {@link java.util.concurrent.TimeoutException} when none came in time
     */
    CompletionStage<Stanza> request(Stanza iq, long timeout, TimeUnit unit);
}
