package im.confab.sm.internal;

import im.confab.api.annotations.GogoCommand;
import im.confab.api.session.ClientSession;
import im.confab.api.session.ConnectionInfo;
import im.confab.api.session.SessionManager;
import im.confab.api.stats.StatisticsProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Gogo {@code confab:sessions}, {@code confab:plugins} and {@code confab:stats}. */
@Component(service = Object.class)
@GogoCommand(function = {"sessions", "plugins", "stats"})
public final class SessionCommands {
    private final SessionManagerImpl sm;
    private final PluginTracker plugins;
    private final List<StatisticsProvider> providers = new CopyOnWriteArrayList<>();

    @Activate
    public SessionCommands(@Reference(service = SessionManager.class) SessionManager sm,
                           @Reference(service = im.confab.api.sm.PluginRegistry.class)
                           im.confab.api.sm.PluginRegistry plugins) {
        this.sm = (SessionManagerImpl) sm;
        this.plugins = (PluginTracker) plugins;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(StatisticsProvider p) {
        providers.add(p);
    }

    void removeProvider(StatisticsProvider p) {
        providers.remove(p);
    }

    /** One line per session: JID, address, TLS, idle time, availability and priority. */
    public String sessions() {
        List<ClientSession> all = sm.sessions();
        StringBuilder sb = new StringBuilder(String.format("%-40s %-22s %-8s %8s %s%n",
                "JID", "ADDRESS", "TLS", "IDLE", "PRESENCE"));
        all.stream().sorted(Comparator.comparing(s -> s.jid().toString())).forEach(s -> {
            ConnectionInfo i = s.connection().info();
            sb.append(String.format("%-40s %-22s %-8s %7ds %s%n", s.jid(), i.remoteAddress(),
                    i.tlsProtocol() == null ? "-" : i.tlsProtocol(), s.connection().idleMillis() / 1000,
                    s.available() ? "available(" + s.priority() + ")" : "-"));
        });
        sb.append(all.size()).append(" session(s)");
        return sb.toString();
    }

    /** One line per plugin: stage, interest, bundle, handled, queue depth, held; then the holds in progress. */
    public String plugins() {
        StringBuilder sb = new StringBuilder(String.format("%-14s %-44s %-32s %9s %6s %5s  %s%n",
                "STAGE", "PLUGIN", "BUNDLE", "HANDLED", "QUEUED", "HELD", "INTEREST"));
        for (Slot s : plugins.slots()) {
            String bundle = s.bundle == null ? "-" : s.bundle.getBundleId() + " " + s.bundle.getSymbolicName() + " "
                    + s.bundle.getVersion();
            sb.append(String.format("%-14s %-44s %-32s %9d %6d %5d  %s%n", s.stage.name().toLowerCase(), s.name, bundle,
                    s.handled.sum(), s.queued(), plugins.held(s), s.keys.isEmpty() ? "*" : String.join(" ", s.keys)));
        }
        for (Hold h : plugins.holds()) {
            sb.append(String.format("holding %d stanza(s) for %s while %s is away%n", h.size(), h.key, h.plugin));
        }
        return sb.append(plugins.slots().size()).append(" plugin(s)").toString();
    }

    /** The counters of every component that publishes them. */
    public String stats() {
        Map<String, Long> all = new TreeMap<>();
        sm.stats().forEach((k, v) -> all.put("sm/" + k, v));
        for (StatisticsProvider p : providers) {
            p.statistics().forEach((k, v) -> all.put(p.statisticsName() + "/" + k, v));
        }
        StringBuilder sb = new StringBuilder();
        all.forEach((k, v) -> sb.append(String.format("%-32s %d%n", k, v)));
        return sb.toString().stripTrailing();
    }
}
