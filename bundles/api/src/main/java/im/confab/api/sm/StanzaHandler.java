package im.confab.api.sm;

import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Second stage, the processors (Tigase's XMPPProcessor): registered as a service whose properties (from
 * {@code im.confab.api.annotations}: {@code @IqHandler}, {@code @MessageHandler}, {@code @PresenceHandler})
 * say which stanzas addressed to the server or a local account it handles. Each processor runs on its own
 * bounded queues ({@code @Processor} sets threads and queue size), so it may block. A processor that can usually
 * decide at once (a cache hit, a stanza for someone online) declares {@code @Processor(inline = true)}: it is
 * then called first on the thread that routes the stanza, where it must not block, and returns
 * {@link Outcome#DEFER} when it cannot decide there ({@link StanzaContext#mayBlock()} tells which case it is in).
 * A handler never mutates its input; it emits results through the context.
 */
@ConsumerType
public interface StanzaHandler {

    /** @return HANDLED when done; PASS to let the next-ranked processor, then the postprocessors, have it */
    Outcome handle(Stanza stanza, StanzaContext context);
}
