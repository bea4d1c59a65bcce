package im.confab.api.annotations;

import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code StanzaHandler} as the handler of iq requests whose payload has this element and namespace;
 * gives the service properties {@code xmpp.iq.namespace}, {@code xmpp.iq.element}, {@code xmpp.iq.type}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface IqHandler {
    /** Prefix of the generated service properties. */
    String PREFIX_ = "xmpp.iq.";

    /** @return the payload namespace */
    String namespace();

    /** @return the payload element name */
    String element();

    /** @return the iq types handled */
    IqType[] type() default {IqType.get, IqType.set};
}
