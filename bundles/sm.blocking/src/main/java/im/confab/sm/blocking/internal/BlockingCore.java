package im.confab.sm.blocking.internal;

import im.confab.api.session.SessionManager;
import im.confab.api.store.BlockingStore;
import im.confab.api.store.RosterStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * XEP-0191: what the command handlers and the enforcing plugins share, the blocklists and their cache, as a
 * service of this bundle only (its type is private). The cache dies with it: a new version starts empty.
 */
@Component(service = BlockingCore.class, configurationPid = BlockingCore.PID)
@Designate(ocd = BlockingCore.Config.class)
public final class BlockingCore {
    static final String PID = "xmpp.sm.blocking";

    @ObjectClassDefinition(name = "Confab blocking command (XEP-0191)")
    @interface Config {
        @AttributeDefinition(description = "Most JIDs one user may block; a block beyond gets policy-violation")
        int max_items() default 1000;

        @AttributeDefinition(description = "Most users whose blocklist is cached (about 100 bytes for an empty list)")
        int cache_max_users() default 100000;

        @AttributeDefinition(description = "Answer messages from blocked JIDs with service-unavailable (XEP-0191 "
                + "3.3 SHOULD); false drops them silently like presence")
        boolean message_error() default true;
    }

    final Blocklists lists;
    final BlockCommands commands;
    final SessionManager sessions;
    private volatile boolean messageError;

    @Activate
    public BlockingCore(@Reference(name = "store") BlockingStore store,
                        @Reference(name = "sessions") SessionManager sessions,
                        @Reference(name = "roster", cardinality = ReferenceCardinality.OPTIONAL,
                                policyOption = ReferencePolicyOption.GREEDY) RosterStore roster,
                        Config config) {
        validate(config);
        this.sessions = sessions;
        this.lists = new Blocklists(store, config.cache_max_users(), config.max_items());
        this.commands = new BlockCommands(lists, sessions, roster);
        this.messageError = config.message_error();
    }

    // A bad value leaves the previous settings in force; SCR logs the exception with its message.
    @Modified
    void modified(Config config) {
        validate(config);
        lists.limits(config.cache_max_users(), config.max_items());
        messageError = config.message_error();
    }

    @Deactivate
    void deactivate() {
        lists.clear(); // only derived data: BlockingStore keeps the truth
    }

    boolean messageError() {
        return messageError;
    }

    private static void validate(Config c) {
        if (c.max_items() < 1) {
            throw new IllegalArgumentException(PID + ": max.items must be at least 1, was " + c.max_items());
        }
        if (c.cache_max_users() < 1) {
            throw new IllegalArgumentException(PID + ": cache.max.users must be at least 1, was "
                    + c.cache_max_users());
        }
    }
}
