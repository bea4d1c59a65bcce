package im.confab.api.sm;

import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Third stage (Tigase's postprocessors): default handling of a stanza addressed to a local entity that no
 * processor took, in ranking order, before the built-in RFC 6121 delivery (e.g. offline storage). Interest
 * is declared with the same annotations as processors; like them it runs on its own bounded queues and may
 * block, or inline with {@code @Processor(inline = true)} and {@link Outcome#DEFER} (see {@link StanzaHandler}).
 */
@ConsumerType
public interface StanzaPostprocessor {

    /** @return HANDLED when it took care of the stanza; PASS to let the next one, then default delivery, run */
    Outcome postprocess(Stanza stanza, StanzaContext context);
}
