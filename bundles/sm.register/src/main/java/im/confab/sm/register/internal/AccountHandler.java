package im.confab.sm.register.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.IqHandler;
import im.confab.api.auth.AccountStore;
import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.stanza.StreamError;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;

/** XEP-0077 for a logged-in user: password change (3.3) and account removal (3.2), on by default. */
@Component(configurationPid = "xmpp.sm.register")
@IqHandler(namespace = Register.NS, element = "query")
@DiscoFeature(Register.NS)
public final class AccountHandler implements StanzaHandler {
    private static final System.Logger LOG = System.getLogger(AccountHandler.class.getName());
    private final AccountStore accounts;
    private final SessionManager sessions;
    private final PreAuthRegistration rules;

    @Activate
    public AccountHandler(@Reference AccountStore accounts, @Reference SessionManager sessions,
                          @Reference PreAuthRegistration rules) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.rules = rules;
    }

    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        Jid from = iq.from();
        if (from == null || iq.to() == null || from.local() == null || !iq.to().equals(from.bare())
                && !iq.to().isDomain()) {
            ctx.send(Register.error(iq, Condition.FORBIDDEN, null));
            return Outcome.HANDLED;
        }
        String user = from.local();
        if ("get".equals(iq.type())) {
            ctx.send(Register.registered(iq, user));
            return Outcome.HANDLED;
        }
        if (!ctx.mayBlock()) {
            return Outcome.DEFER; // run inline by configuration: the stores are used on the queue
        }
        Register.Request r = Register.parse(iq);
        if (r == null) {
            ctx.send(Register.error(iq, Condition.BAD_REQUEST, null));
        } else if (r.remove()) {
            remove(iq, from, ctx);
        } else if (r.password() == null || r.password().length() < rules.minPasswordLength()) {
            ctx.send(Register.error(iq, Condition.NOT_ACCEPTABLE,
                    "the password needs at least " + rules.minPasswordLength() + " characters"));
        } else if (r.username() != null && !r.username().isEmpty() && !user.equals(Jid.normalizeLocal(r.username()))) {
            ctx.send(Register.error(iq, Condition.NOT_AUTHORIZED, "only your own password can be changed"));
        } else {
            accounts.changePassword(user, r.password());
            LOG.log(Level.INFO, "{0} changed its password in-band", from.bare());
            ctx.send(iq.resultReply());
        }
        return Outcome.HANDLED;
    }

    private void remove(Stanza iq, Jid from, StanzaContext ctx) {
        accounts.delete(from.local());
        LOG.log(Level.INFO, "{0} removed its account in-band", from.bare());
        // 3.2: the account is gone, so are its sessions; the requester's only after it has the result. The result
        // goes straight to the requester's connection, ahead of the stream error on the same connection: routed,
        // it could wait in a plugin's queue or behind the server's other stanzas while the close overtook it, and
        // the client would see the stream error without the result.
        Stanza result = iq.resultReply();
        boolean delivered = false;
        for (ClientSession s : sessions.sessions(from.bare())) {
            if (s.jid().equals(from)) {
                s.connection().deliver(result);
                delivered = true;
            }
            s.connection().close(StreamError.Condition.NOT_AUTHORIZED, "account removed");
        }
        if (!delivered) {
            ctx.send(result); // the requester's session is already gone: routed like any answer
        }
    }
}
