package im.confab.sm.internal;

import im.confab.api.router.Router;
import im.confab.api.session.SessionManager;

import java.lang.annotation.Annotation;
import java.util.HashMap;
import java.util.Map;

/**
 * Benchmark glue (bench/jmh only, not part of the sm bundle): the real session manager, plugin pipeline, shared
 * timer and iq tracker built without a framework, as {@code SessionManagerTest} builds them, plus plugins
 * registered with the service properties their DS descriptors declare.
 */
public final class BenchSessionManager implements AutoCloseable {
    private final SharedTimer timer = new SharedTimer();
    private final PluginTracker plugins;
    private final SessionManagerImpl sm;
    private long nextServiceId = 1000;

    /** What stage a plugin service is registered for (its service interface). */
    public enum Stage { PREPROCESSOR, PROCESSOR, POSTPROCESSOR, FILTER }

    /**
     * @param router the router the session manager sends through
     * @param domain the one local domain ({@code xmpp.domain})
     */
    public BenchSessionManager(Router router, String domain) {
        // hold.timeout and hold.max as their defaults (conf/xmpp.sm.plugins.cfg sets nothing)
        plugins = new PluginTracker(timer, 10_000, 10_000);
        sm = new SessionManagerImpl(null, router, plugins.pipeline, new IqTracker(router, timer), config(domain));
    }

    /** @return the session manager, which is also the router's component for the domain */
    public SessionManagerImpl sessionManager() {
        return sm;
    }

    /** @return the same object as the {@link SessionManager} API the plugins get */
    public SessionManager api() {
        return sm;
    }

    /**
     * Adds a plugin service as binding it would (a {@code Slot} of that stage with its own queues).
     *
     * @param properties the component properties from its descriptor; service.id and component.name are added
     */
    public void addPlugin(Stage stage, Object service, Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>(properties);
        p.put("service.id", nextServiceId++);
        p.putIfAbsent("component.name", service.getClass().getName());
        plugins.add(new Slot(Slot.Stage.valueOf(stage.name()), p, null, () -> service));
    }

    @Override
    public void close() {
        sm.deactivate();
        plugins.deactivate();
        timer.deactivate();
    }

    private static SmConfig config(String domain) {
        return new SmConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SmConfig.class;
            }

            @Override
            public String[] xmpp_domain() {
                return new String[] {domain};
            }

            @Override
            public Conflict resource_conflict() {
                return Conflict.kick_old;
            }

            @Override
            public int max_sessions_per_account() {
                return 64;
            }
        };
    }
}
