package im.confab.router.internal;

import im.confab.api.router.Component;

import java.util.function.Supplier;
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

    private final Map<String, Route> byDomain;
    private final Route defaultRoute;

    private RouteTable(Map<String, Route> byDomain, Route defaultRoute) {
        this.byDomain = byDomain;
        this.defaultRoute = defaultRoute;
    }

    /** @return the route for a domain, the default route, or null */
    Route lookup(String domain) {
        Route c = byDomain.get(domain);
        return c != null ? c : defaultRoute;
    }

    /** @return the domains with a route, for diagnostics */
    Map<String, Route> domains() {
        return byDomain;
    }

    /**
     * Builds a table from registrations ordered best first (highest service ranking): the first component
     * to claim a domain keeps it.
     */
    static RouteTable build(Iterable<Registration> registrations) {
        Map<String, Route> m = new HashMap<>();
        Route def = null;
        for (Registration r : registrations) {
            for (String d : r.domains()) {
                if (DEFAULT_ROUTE.equals(d)) {
                    if (def == null) {
                        def = r.route();
                    }
                } else {
                    m.putIfAbsent(d, r.route());
                }
            }
        }
        return new RouteTable(Map.copyOf(m), def);
    }

    /** One component service as the router saw it. */
    record Registration(Route route, String[] domains, int ranking, long serviceId)
            implements Comparable<Registration> {
        @Override
        public int compareTo(Registration o) {
            int c = Integer.compare(o.ranking, ranking);
            return c != 0 ? c : Long.compare(serviceId, o.serviceId);
        }
    }

    /**
     * A component service, fetched from the registry on first use rather than at bind time: the session manager
     * is a component that itself needs the router, and fetching it while the router activates would be a cycle.
     */
    static final class Route {
        private final Supplier<Component> fetch;
        private final String name;
        private volatile Component component;

        Route(Supplier<Component> fetch, String name) {
            this.fetch = fetch;
            this.name = name;
        }

        static Route of(Component c) {
            Route r = new Route(() -> c, c.getClass().getName());
            r.component = c;
            return r;
        }

        Component component() {
            Component c = component;
            if (c == null) {
                synchronized (this) { // once per component; afterwards a volatile read
                    c = component;
                    if (c == null) {
                        component = c = fetch.get();
                    }
                }
            }
            return c;
        }

        boolean fetched() {
            return component != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
