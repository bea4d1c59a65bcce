package im.confab.api.annotations;

import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How the session manager runs a processor or postprocessor: {@code xmpp.processor.threads} queues, each
 * with one thread and room for {@code xmpp.processor.queue.size} stanzas (Tigase's {@code plugin=N}). Stanzas
 * of one account always use the same queue, so their order is kept. With {@code xmpp.processor.inline} the
 * plugin is called on the routing thread first and uses its queue only for what it defers. All may be
 * overridden in the plugin's configuration file.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Processor {
    /** Prefix of the generated service properties. */
    String PREFIX_ = "xmpp.processor.";

    /** @return the number of queues, each served by one thread */
    int threads() default 1;

    /** @return the capacity of each queue; a full queue answers with resource-constraint */
    int queue_size() default 1024;

    /**
     * @return true when the plugin is called first on the thread that routes the stanza, without a queue hand-off;
     *         it must not block there and returns {@code Outcome.DEFER} to be called again on its queue
     */
    boolean inline() default false;
}
