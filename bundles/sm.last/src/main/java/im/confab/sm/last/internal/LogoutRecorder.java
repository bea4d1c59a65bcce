package im.confab.sm.last.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.session.SessionListener;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.Scheduler;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaPreprocessor;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaKind;
import im.confab.api.store.LastActivityStore;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * XEP-0012 Last Activity, the recording side: when an account's last session ends, stores the time and the
 * status of the unavailable presence the client sent before leaving (none if the connection was just lost).
 */
// A preprocessor too, because nothing else keeps a session's last presence: it notes the logout status on the
// session. Ranked last, so it only notes presence that no other preprocessor stopped.
@Component(service = {SessionListener.class, StanzaPreprocessor.class}, configurationPid = LastActivityHandler.PID,
        property = Constants.SERVICE_RANKING + ":Integer=-1000")
public final class LogoutRecorder implements SessionListener, StanzaPreprocessor {
    private static final System.Logger LOG = System.getLogger(LogoutRecorder.class.getName());

    /** The status text of the session's last presence if that was unavailable; kept by the session manager. */
    static final SessionAttribute<String> LOGOUT_STATUS =
            new SessionAttribute<>("im.confab.sm.last.logout-status", String.class);

    private final SessionManager sessions;
    private final LastActivityStore store;
    private final Scheduler scheduler;
    private final Clock clock;

    @Activate
    public LogoutRecorder(@Reference(name = "sessionManager") SessionManager sessions,
            @Reference(name = "store") LastActivityStore store, @Reference(name = "scheduler") Scheduler scheduler) {
        this(sessions, store, scheduler, Clock.systemUTC());
    }

    LogoutRecorder(SessionManager sessions, LastActivityStore store, Scheduler scheduler, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Configuration changes only change service properties (xmpp.processor.* of the handler); nothing to do. */
    @Modified
    void modified() {
    }

    /** Inline on the client's thread: only looks at the stanza and sets a session attribute. */
    @Override
    public Outcome preprocess(Stanza stanza, StanzaContext ctx) {
        ClientSession origin = ctx.origin();
        if (ctx.direction() == StanzaContext.Direction.FROM_CLIENT && stanza.kind() == StanzaKind.PRESENCE
                && stanza.to() == null && origin != null) {
            if (stanza.type() == null) {
                origin.attribute(LOGOUT_STATUS, null); // available again: an earlier goodbye no longer holds
            } else if ("unavailable".equals(stanza.type())) {
                String status = stanza.element().childText("status");
                origin.attribute(LOGOUT_STATUS, status == null || status.isEmpty() ? null : status);
            }
        }
        return Outcome.PASS;
    }

    @Override
    public void sessionClosed(ClientSession session) {
        Jid account = session.jid().bare();
        // The session manager forgets a session before telling listeners, so any session left is another one
        // of the account's: the user is still online and there is nothing to record.
        if (!sessions.sessions(account).isEmpty()) {
            return;
        }
        String user = account.local();
        Instant at = clock.instant();
        String status = session.attribute(LOGOUT_STATUS);
        // Listeners run inline on network threads and must not block, and the store's methods may block (the
        // JDBC store's set() does not: it writes logouts behind, many per commit), so the call is handed to the
        // Scheduler. A core executor for plugin I/O would be the right home for such calls.
        try {
            scheduler.schedule(() -> record(user, at, status), 0, TimeUnit.MILLISECONDS);
        } catch (IllegalStateException e) { // the Scheduler was released: this bundle is stopping
            LOG.log(Level.WARNING, "last activity of {0} not recorded: the plugin is stopping", account);
        }
    }

    private void record(String user, Instant at, String status) {
        try {
            store.set(user, at, status);
        } catch (RuntimeException e) { // StoreException above all; nothing must escape onto the timer thread
            LOG.log(Level.WARNING, "recording the last activity of " + user + " failed", e);
        }
    }
}
