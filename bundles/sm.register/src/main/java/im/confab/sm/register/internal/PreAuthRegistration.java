package im.confab.sm.register.internal;

import im.confab.api.auth.AccountStore;
import im.confab.api.auth.InBandRegistration;
import im.confab.api.jid.Jid;
import im.confab.api.jid.JidFormatException;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.lang.System.Logger.Level;

/** XEP-0077 In-Band Registration of new accounts before authentication: off unless conf/ opens it. */
@Component(service = {InBandRegistration.class, PreAuthRegistration.class}, configurationPid = "xmpp.sm.register")
@Designate(ocd = PreAuthRegistration.Config.class)
public final class PreAuthRegistration implements InBandRegistration {
    private static final System.Logger LOG = System.getLogger(PreAuthRegistration.class.getName());

    @ObjectClassDefinition(name = "Confab in-band registration (XEP-0077)")
    @interface Config {
        @AttributeDefinition(description = "Let anyone who can connect create an account in-band")
        boolean allow_registration() default false;

        @AttributeDefinition(description = "Shortest password accepted for new accounts and password changes")
        int min_password_length() default 8;
    }

    private final AccountStore accounts;
    private volatile Config config;

    @Activate
    public PreAuthRegistration(@Reference AccountStore accounts, Config config) {
        this.accounts = accounts;
        modified(config);
    }

    @Modified
    void modified(Config c) {
        if (c.min_password_length() < 1) {
            throw new IllegalArgumentException("xmpp.sm.register: min.password.length must be at least 1");
        }
        this.config = c;
    }

    @Override
    public boolean open() {
        return config.allow_registration();
    }

    @Override
    public Stanza preAuth(Stanza iq, String domain) {
        if (!open()) {
            return Register.error(iq, Condition.SERVICE_UNAVAILABLE, null);
        }
        if ("get".equals(iq.type())) {
            return Register.form(iq);
        }
        Register.Request r = Register.parse(iq);
        if (r == null || r.remove()) {
            return Register.error(iq, Condition.BAD_REQUEST, null);
        }
        if (r.username() == null || r.username().isEmpty() || r.password() == null || r.password().isEmpty()) {
            return Register.error(iq, Condition.NOT_ACCEPTABLE, "username and password are required");
        }
        if (r.password().length() < config.min_password_length()) {
            return Register.error(iq, Condition.NOT_ACCEPTABLE,
                    "the password needs at least " + config.min_password_length() + " characters");
        }
        String user;
        try {
            user = Jid.normalizeLocal(r.username());
        } catch (JidFormatException e) {
            return Register.error(iq, Condition.JID_MALFORMED, "not a valid username");
        }
        try {
            if (!accounts.create(user, r.password())) {
                return Register.error(iq, Condition.CONFLICT, "the username is taken");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "in-band registration of " + user + " failed", e);
            return Register.error(iq, Condition.INTERNAL_SERVER_ERROR, null);
        }
        LOG.log(Level.INFO, "registered {0}@{1} in-band", user, domain);
        return Stanza.iq("result").id(iq.id()).build();
    }

    int minPasswordLength() {
        return config.min_password_length();
    }
}
