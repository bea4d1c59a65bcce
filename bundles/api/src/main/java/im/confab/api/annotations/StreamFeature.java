package im.confab.api.annotations;

import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A stream feature the plugin adds while it is present, an empty element {@code <element xmlns='namespace'/>}:
 * {@code xmpp.stream.feature.namespace}, {@code .element}, {@code .authenticated}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StreamFeature {
    /** Prefix of the generated service properties. */
    String PREFIX_ = "xmpp.stream.feature.";

    /** @return the feature element's namespace */
    String namespace();

    /** @return the feature element's name */
    String element();

    /** @return true to offer it after authentication, false before */
    boolean authenticated() default true;
}
