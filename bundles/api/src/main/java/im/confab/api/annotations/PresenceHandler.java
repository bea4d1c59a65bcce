package im.confab.api.annotations;

import im.confab.api.sm.StanzaContext;
import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a processor or postprocessor as interested in presence of these types: {@code xmpp.presence.type}. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PresenceHandler {
    /** Prefix of the generated service properties. */
    String PREFIX_ = "xmpp.presence.";

    /** @return the presence types ({@code available} stands for a missing type) */
    String[] type() default {"available", "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed",
        "probe", "error"};

    /**
     * @return TO_LOCAL (default) for stanzas addressed to a local entity; FROM_CLIENT for what a local client
     *         sends, before it is routed (e.g. outbound presence subscriptions, which update the sender's roster)
     */
    StanzaContext.Direction direction() default StanzaContext.Direction.TO_LOCAL;
}
