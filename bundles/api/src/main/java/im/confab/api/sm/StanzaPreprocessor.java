package im.confab.api.sm;

import im.confab.api.stanza.Stanza;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * First stage (Tigase's preprocessors): sees every stanza a local client sends and every stanza addressed to a
 * local entity, in ranking order, and may stop it ({@link Outcome#HANDLED}: the stanza goes no further; the
 * preprocessor sends any error itself). Runs inline on the caller's thread: it must be cheap and never block.
 */
@ConsumerType
public interface StanzaPreprocessor {

    /** @return PASS to let the stanza go on, HANDLED to stop it */
    Outcome preprocess(Stanza stanza, StanzaContext context);
}
