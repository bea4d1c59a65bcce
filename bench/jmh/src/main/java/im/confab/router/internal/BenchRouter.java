package im.confab.router.internal;

import im.confab.api.router.Component;
import org.osgi.framework.Constants;

import java.util.Map;

/**
 * Benchmark glue (bench/jmh only, not part of the router bundle): the real {@link DomainRouter} without a
 * framework, fed a component the way {@code DomainRouterTest} does, through the package-private {@code add}.
 */
public final class BenchRouter {
    private BenchRouter() {
    }

    /** @return a router with no routes yet (its bundle context is never used for directly added routes) */
    public static DomainRouter create() {
        return new DomainRouter(null);
    }

    /** Routes a domain to a component, as binding its service with {@code xmpp.domain} would. */
    public static void route(DomainRouter router, String domain, Component component, long serviceId) {
        router.add(RouteTable.Route.of(component), Map.of(Component.DOMAIN_PROPERTY, domain,
                Constants.SERVICE_RANKING, 0, Constants.SERVICE_ID, serviceId));
    }
}
