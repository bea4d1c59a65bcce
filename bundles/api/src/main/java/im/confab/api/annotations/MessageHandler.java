package im.confab.api.annotations;

import im.confab.api.sm.StanzaContext;
import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a processor or postprocessor as interested in messages of these types, optionally only those with a
 * child element in a namespace; gives {@code xmpp.message.type} and {@code xmpp.message.namespace}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MessageHandler {
    /** Prefix of the generated service properties. */
    String PREFIX_ = "xmpp.message.";

    /** @return the message types ({@code normal} stands for a missing type) */
    String[] type() default {"normal", "chat", "groupchat", "headline", "error"};

    /** @return the namespace of a child element the message must have; empty for any message */
    String namespace() default "";

    /**
     * @return TO_LOCAL (default) for stanzas addressed to a local entity; FROM_CLIENT for what a local client
     *         sends, before it is routed (e.g. outbound presence subscriptions, which update the sender's roster)
     */
    StanzaContext.Direction direction() default StanzaContext.Direction.TO_LOCAL;
}
