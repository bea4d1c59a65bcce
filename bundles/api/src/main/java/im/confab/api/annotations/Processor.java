package im.confab.api.annotations;

import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How the session manager runs a processor or postprocessor: {@code xmpp.processor.threads} queues, each
 * with one thread and room for {@code xmpp.processor.queue.size} stanzas (Tigase's {@code plugin=N}). Stanzas
 * of one account always use the same queue, so their order is kept. Both may be overridden in the plugin's
 * configuration file.
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
}
