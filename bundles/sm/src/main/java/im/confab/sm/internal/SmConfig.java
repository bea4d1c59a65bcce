package im.confab.sm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the session manager, PID {@code xmpp.sm}. */
@ObjectClassDefinition(name = "Confab session manager")
@interface SmConfig {
    /** Resource conflict policies (RFC 6120 7.7.2.2). */
    enum Conflict { kick_old, refuse, rename }

    @AttributeDefinition(description = "Domains whose accounts this server hosts; applies live")
    String[] xmpp_domain() default {"localhost"};

    @AttributeDefinition(description = "When a client binds a resource already in use: kick_old closes the old "
            + "session with a conflict stream error, refuse answers the bind with conflict, rename picks another")
    Conflict resource_conflict() default Conflict.kick_old;

    @AttributeDefinition(description = "Most sessions one account may have at once")
    int max_sessions_per_account() default 64;
}
