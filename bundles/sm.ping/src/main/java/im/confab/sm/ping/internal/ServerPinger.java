package im.confab.sm.ping.internal;

import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionListener;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.IqClient;
import im.confab.api.sm.Scheduler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** XEP-0199 XMPP Ping, server to client: pings clients that fell silent, as ejabberd's mod_ping send_pings. */
// Immediate: it works off timers, and after a bundle update it must take over the sessions at once, not when
// someone first asks for a SessionListener.
@Component(immediate = true, service = SessionListener.class, configurationPid = ServerPinger.PID)
@Designate(ocd = ServerPinger.Config.class)
public final class ServerPinger implements SessionListener {
    static final String PID = "xmpp.sm.ping";
    private static final System.Logger LOG = System.getLogger(ServerPinger.class.getName());

    /** What to do when a ping goes unanswered; the names are ejabberd's. */
    public enum TimeoutAction { none, kill }

    @ObjectClassDefinition(name = "Confab server pings (XEP-0199)",
            description = "Pings clients that have been silent, to find connections that died unnoticed")
    @interface Config {
        @AttributeDefinition(description = "Ping a client after ping.interval seconds in which it sent nothing")
        boolean send_pings() default false;

        @AttributeDefinition(description = "Seconds of silence from a client before it is pinged")
        int ping_interval() default 60;

        @AttributeDefinition(description = "Seconds to wait for the answer to a ping")
        int ping_ack_timeout() default 32;

        @AttributeDefinition(description = "When a ping is not answered: none only tells the session listeners, "
                + "kill also closes the stream with connection-timeout")
        TimeoutAction timeout_action() default TimeoutAction.none;
    }

    private final SessionPinger pinger;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public ServerPinger(@Reference(name = "scheduler") Scheduler scheduler,
            @Reference(name = "iqClient") IqClient iqClient,
            @Reference(name = "sessionManager") SessionManager sessionManager, Config config) {
        SessionPinger.Settings s = settings(config); // before anything is armed
        pinger = new SessionPinger(scheduler, iqClient, sessionManager, this::publishTimeout);
        pinger.update(s); // also arms the sessions that exist already (hot swap)
        log(s);
    }

    // A bad value leaves the previous settings in force; SCR logs the exception with its message.
    @Modified
    void modified(Config config) {
        SessionPinger.Settings s = settings(config);
        pinger.update(s);
        log(s);
    }

    @Deactivate
    void deactivate() {
        pinger.shutdown(); // the Scheduler would cancel on release too, but a stopped plugin owes no timers
    }

    @Override
    public void sessionOpened(ClientSession session) {
        pinger.open(session);
    }

    @Override
    public void sessionClosed(ClientSession session) {
        pinger.close(session);
    }

    // Everyone else listening to sessions hears of timeouts; the filter keeps this component from binding itself.
    @Reference(name = "listener", service = SessionListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeListener", target = "(!(component.name=im.confab.sm.ping.internal.ServerPinger))")
    void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    private void publishTimeout(ClientSession session, boolean killed) {
        for (SessionListener l : listeners) {
            try {
                l.pingTimedOut(session, killed);
            } catch (RuntimeException e) { // one faulty listener must not keep the others, or the kill, waiting
                LOG.log(Level.WARNING, "session listener " + l + " failed on ping timeout", e);
            }
        }
    }

    /** Validates a configuration, naming the PID and key of a bad value. */
    static SessionPinger.Settings settings(Config c) {
        if (c.ping_interval() < 1) {
            throw new IllegalArgumentException(PID + ": ping.interval must be at least 1 second, was "
                    + c.ping_interval());
        }
        if (c.ping_ack_timeout() < 1) {
            throw new IllegalArgumentException(PID + ": ping.ack.timeout must be at least 1 second, was "
                    + c.ping_ack_timeout());
        }
        TimeoutAction action;
        try {
            action = c.timeout_action();
        } catch (RuntimeException e) { // SCR could not convert the configured string
            action = null;
        }
        if (action == null) {
            throw new IllegalArgumentException(PID + ": timeout.action must be none or kill");
        }
        return new SessionPinger.Settings(c.send_pings(), TimeUnit.SECONDS.toMillis(c.ping_interval()),
                TimeUnit.SECONDS.toMillis(c.ping_ack_timeout()), action == TimeoutAction.kill);
    }

    private static void log(SessionPinger.Settings s) {
        if (s.enabled()) {
            LOG.log(Level.INFO, "pinging clients silent for {0} s, answer within {1} s, then {2}",
                    s.intervalMillis() / 1000, s.ackTimeoutMillis() / 1000, s.kill() ? "kill" : "none");
        } else {
            LOG.log(Level.DEBUG, "server pings off (send.pings=false)");
        }
    }
}
