package im.confab.router.internal;

import im.confab.api.router.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * An immutable domain -> component index. A new table is built on every bind or unbind; routing reads
 * one volatile reference and does one map lookup (Prosody's events table, Tigase's routing map).
 */
final class RouteTable {
    /** Domain value a component registers for the default route (later: s2s). */
    static final String DEFAULT_ROUTE = "*";
    static final RouteTable EMPTY = new RouteTable(Map.of(), null);

    private final Map<String, Component> byDomain;
    private final Component defaultRoute;

    private RouteTable(Map<String, Component> byDomain, Component defaultRoute) {
        this.byDomain = byDomain;
        this.defaultRoute = defaultRoute;
    }

    /** @return the component for a domain, the default route, or null */
    Component lookup(String domain) {
        Component c = byDomain.get(domain);
        return c != null ? c : defaultRoute;
    }

    /** @return the domains with a component, for diagnostics */
    Map<String, Component> domains() {
        return byDomain;
    }

    /**
     * Builds a table from registrations ordered best first (highest service ranking): the first component
     * to claim a domain keeps it.
     */
    static RouteTable build(Iterable<Registration> registrations) {
        Map<String, Component> m = new HashMap<>();
        Component def = null;
        for (Registration r : registrations) {
            for (String d : r.domains()) {
                if (DEFAULT_ROUTE.equals(d)) {
                    if (def == null) {
                        def = r.component();
                    }
                } else {
                    m.putIfAbsent(d, r.component());
                }
            }
        }
        return new RouteTable(Map.copyOf(m), def);
    }

    /** One component service as the router saw it. */
    record Registration(Component component, String[] domains, int ranking, long serviceId)
            implements Comparable<Registration> {
        @Override
        public int compareTo(Registration o) {
            int c = Integer.compare(o.ranking, ranking);
            return c != 0 ? c : Long.compare(serviceId, o.serviceId);
        }
    }
}
