package im.confab.api.annotations;

import org.osgi.service.component.annotations.ComponentPropertyType;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An XEP-0030 identity a plugin adds, while it is present, to the disco#info of every account, beside
 * {@code account/registered}: service properties {@code xmpp.account.disco.identity.category} and {@code .type}.
 * Example: {@code pubsub/pep} for Personal Eventing (XEP-0163 section 8). It is shown to the same requesters as
 * {@link AccountDiscoFeature}: the account's owner and its contacts with a presence subscription.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AccountDiscoIdentity {
    /** Prefix of the generated service properties. */
    String PREFIX_ = "xmpp.account.disco.identity.";

    /** @return the identity's category (XEP-0030 registry), e.g. {@code pubsub} */
    String category();

    /** @return the identity's type within the category, e.g. {@code pep} */
    String type();
}
