package im.confab.api.annotations;

import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The XEP-0030 features a plugin adds while it is present: service property {@code xmpp.disco.feature}. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DiscoFeature {
    /** Prefix of the generated service property. */
    String PREFIX_ = "xmpp.";

    /** @return the feature vars */
    String[] value();
}
