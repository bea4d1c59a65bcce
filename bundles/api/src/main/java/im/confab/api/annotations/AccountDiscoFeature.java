package im.confab.api.annotations;

import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The XEP-0030 features a plugin adds, while it is present, to the disco#info of every account (a query to a
 * user's bare JID, answered by the server on the account's behalf), not to the server's own disco#info: service
 * property {@code xmpp.account.disco.feature}. The account's owner sees them together with the server's features
 * ({@link DiscoFeature}); a contact with a subscription to the account's presence sees only these (XEP-0163
 * section 8). Put it on any session-manager plugin service, usually the handler that serves the feature.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AccountDiscoFeature {
    /** Prefix of the generated service property. */
    String PREFIX_ = "xmpp.";

    /** @return the feature vars */
    String[] value();
}
