package im.confab.sm.internal;

import im.confab.api.annotations.GogoCommand;
import im.confab.api.session.ClientSession;
import im.confab.api.session.ConnectionInfo;
import im.confab.api.sm.StanzaHandler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Gogo {@code confab:sessions} and {@code confab:handlers}. */
@Component(service = Object.class)
@GogoCommand(function = {"sessions", "handlers"})
public final class SessionCommands {
    private final SessionManagerImpl sm;

    @Activate
    public SessionCommands(@Reference(service = im.confab.api.session.SessionManager.class) Object sm) {
        this.sm = (SessionManagerImpl) sm;
    }

    /** One line per session: JID, address, TLS, idle time, availability and priority. */
    public String sessions() {
        List<ClientSession> all = sm.sessions();
        StringBuilder sb = new StringBuilder(String.format("%-40s %-22s %-8s %8s %s%n",
                "JID", "ADDRESS", "TLS", "IDLE", "PRESENCE"));
        all.stream().sorted(Comparator.comparing(s -> s.jid().toString())).forEach(s -> {
            ConnectionInfo i = s.connection().info();
            LocalSession l = (LocalSession) s;
            sb.append(String.format("%-40s %-22s %-8s %7ds %s%n", s.jid(), i.remoteAddress(),
                    i.tlsProtocol() == null ? "-" : i.tlsProtocol(), s.connection().idleMillis() / 1000,
                    l.available() ? "available(" + l.priority() + ")" : "-"));
        });
        sb.append(all.size()).append(" session(s)");
        return sb.toString();
    }

    /** The iq handlers bound now, by key, best-ranked first. */
    public String handlers() {
        StringBuilder sb = new StringBuilder();
        Map<String, StanzaHandler[]> sorted = new TreeMap<>(sm.handlerIndex());
        sorted.forEach((k, v) -> sb.append(k).append(" -> ").append(Arrays.toString(v)).append('\n'));
        return sb.append(sorted.size()).append(" key(s)").toString();
    }
}
