package im.confab.sm.blocking.internal;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaPreprocessor;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;

/** XEP-0191 Blocking Command, section 3.3, for iq: to and from blocked JIDs, as far as the cache knows them. */
// A preprocessor, because only preprocessors see every iq (any namespace, also to full JIDs, also what a
// client sends). Preprocessors must not block, so it reads only the cache: a list nobody loaded yet (the user
// sent or received no message or presence since the cache was emptied) is not enforced here.
@Component(configurationPid = BlockingCore.PID)
@ServiceRanking(Enforcement.RANKING)
public final class IqBlocker implements StanzaPreprocessor {
    private final Blocklists lists;

    @Activate
    public IqBlocker(@Reference(name = "core") BlockingCore core) {
        this.lists = core.lists;
    }

    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    @Override
    public Outcome preprocess(Stanza s, StanzaContext ctx) {
        if (!s.isIq() || s.from() == null || s.to() == null) {
            return Outcome.PASS; // (no 'to' from a client: its own account)
        }
        Jid from = s.from();
        Jid to = s.to();
        if (ctx.direction() == StanzaContext.Direction.TO_LOCAL) {
            Blocklist list = to.local() == null || Enforcement.ownSide(from, to) ? null : lists.cached(to.local());
            if (list == null || !list.blocks(from)) {
                return Outcome.PASS;
            }
            // get and set: "MUST return an error, which SHOULD be service-unavailable"; others silently dropped
            if (s.isIqRequest()) {
                ctx.send(s.errorReply(Condition.SERVICE_UNAVAILABLE));
            }
            return Outcome.HANDLED;
        }
        Blocklist list = from.local() == null || Enforcement.ownSide(to, from) ? null : lists.cached(from.local());
        if (list == null || !list.blocks(to)) {
            return Outcome.PASS;
        }
        Enforcement.refuseOutbound(s, ctx.origin());
        return Outcome.HANDLED;
    }
}
