package im.confab.router.internal;

import im.confab.api.annotations.GogoCommand;
import im.confab.api.jid.Jid;
import im.confab.api.router.Component;
import im.confab.api.router.Router;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError;
import im.confab.api.stats.StatisticsProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * The router (RFC 6120 section 10; Tigase's MessageRouter): finds the component serving a stanza's
 * destination domain among the {@link Component} services present now. Components come and go at runtime;
 * the read path takes no lock.
 */
@org.osgi.service.component.annotations.Component(service = {Router.class, StatisticsProvider.class})
@GogoCommand(function = "routes")
public final class DomainRouter implements Router, StatisticsProvider {
    private static final System.Logger LOG = System.getLogger(DomainRouter.class.getName());

    private final TreeSet<RouteTable.Registration> registrations = new TreeSet<>();
    private volatile RouteTable table = RouteTable.EMPTY;
    private final LongAdder routed = new LongAdder();
    private final LongAdder unroutable = new LongAdder();
    private final LongAdder failed = new LongAdder();

    private final BundleContext context;

    @Activate
    public DomainRouter(BundleContext context) {
        this.context = context;
    }

    @Reference(service = Component.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindComponent(ServiceReference<Component> ref) {
        Map<String, Object> props = properties(ref);
        RouteTable.Route route = new RouteTable.Route(() -> context.getService(ref), String.valueOf(
                props.get(Constants.SERVICE_PID) != null ? props.get(Constants.SERVICE_PID) : props.get("component.name")));
        add(route, props);
    }

    void updatedComponent(ServiceReference<Component> ref) {
        Map<String, Object> props = properties(ref);
        synchronized (registrations) {
            long id = (Long) props.get(Constants.SERVICE_ID);
            RouteTable.Registration old = registrations.stream().filter(r -> r.serviceId() == id).findFirst().orElse(null);
            if (old != null) {
                registrations.remove(old);
                registrations.add(registration(old.route(), props));
                table = RouteTable.build(registrations);
            }
        }
    }

    void unbindComponent(ServiceReference<Component> ref) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        remove(id);
        context.ungetService(ref); // harmless when it was never fetched
    }

    /** Adds a route; package-private for tests that route to plain objects. */
    void add(RouteTable.Route route, Map<String, Object> props) {
        synchronized (registrations) {
            registrations.add(registration(route, props));
            table = RouteTable.build(registrations);
        }
    }

    void remove(long serviceId) {
        synchronized (registrations) {
            registrations.removeIf(r -> r.serviceId() == serviceId);
            table = RouteTable.build(registrations);
        }
    }

    private static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> m = new java.util.HashMap<>();
        for (String k : ref.getPropertyKeys()) {
            m.put(k, ref.getProperty(k));
        }
        return m;
    }

    private static RouteTable.Registration registration(RouteTable.Route route, Map<String, Object> props) {
        Object rank = props.get(Constants.SERVICE_RANKING);
        Object id = props.get(Constants.SERVICE_ID);
        return new RouteTable.Registration(route, domains(props.get(Component.DOMAIN_PROPERTY)),
                rank instanceof Integer i ? i : 0, id instanceof Long l ? l : 0L);
    }

    static String[] domains(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            Collections.addAll(out, s.split("[,\\s]+"));
        } else if (value instanceof String[] a) {
            for (String s : a) {
                Collections.addAll(out, s.split("[,\\s]+"));
            }
        } else if (value instanceof Iterable<?> it) {
            it.forEach(o -> out.add(String.valueOf(o)));
        }
        return out.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.equals(RouteTable.DEFAULT_ROUTE) ? s : Jid.domain(s).domain())
                .map(s -> s.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
    }

    @Override
    public void route(Stanza stanza) {
        Jid to = stanza.to();
        if (to == null) {
            // Only components and the session manager call route, and they address everything they send.
            LOG.log(Level.WARNING, "dropped a stanza without 'to': {0}", stanza);
            failed.increment();
            return;
        }
        RouteTable.Route r = table.lookup(to.domain());
        if (r == null) {
            unroutable.increment();
            bounce(stanza, StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "no route to " + to.domain());
            return;
        }
        routed.increment();
        try {
            r.component().receive(stanza);
        } catch (RuntimeException e) {
            failed.increment();
            LOG.log(Level.ERROR, "component for " + to.domain() + " failed on a stanza", e);
            bounce(stanza, StanzaError.Condition.INTERNAL_SERVER_ERROR, null);
        }
    }

    /** Answers a stanza that could not be delivered, unless it is itself an error or an iq result (no loops). */
    private void bounce(Stanza stanza, StanzaError.Condition condition, String text) {
        if (stanza.isError() || stanza.from() == null || (stanza.isIq() && "result".equals(stanza.type()))) {
            return;
        }
        Stanza reply = stanza.errorReply(condition, text);
        if (table.lookup(reply.to().domain()) != null) {
            route(reply);
        }
    }

    @Override
    public String statisticsName() {
        return "router";
    }

    @Override
    public Map<String, Long> statistics() {
        return Map.of("routed", routed.sum(), "unroutable", unroutable.sum(), "failed", failed.sum(),
                "routes", (long) table.domains().size());
    }

    /** Gogo {@code confab:routes}: the routing table and the router's counters. */
    public String routes() {
        StringBuilder sb = new StringBuilder();
        table.domains().forEach((d, c) -> sb.append(d).append(" -> ").append(c).append('\n'));
        sb.append("routed=").append(routed).append(" unroutable=").append(unroutable)
                .append(" failed=").append(failed);
        return sb.toString();
    }

    @Override
    public String toString() {
        return "DomainRouter" + Arrays.toString(table.domains().keySet().toArray());
    }
}
