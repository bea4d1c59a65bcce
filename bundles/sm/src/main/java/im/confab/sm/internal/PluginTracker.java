package im.confab.sm.internal;

import im.confab.api.sm.PluginRegistry;
import im.confab.api.sm.StanzaFilter;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.sm.StanzaPostprocessor;
import im.confab.api.sm.StanzaPreprocessor;
import im.confab.api.xml.XmlElement;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Binds every plugin service of the four stages (a DS whiteboard: multiple, dynamic, greedy), keeps the
 * {@link Pipeline}'s index current, and holds stanzas while a processor or postprocessor is swapped: from its
 * unbind until the next version registers, its bundle is uninstalled, or {@code hold.timeout} passes.
 */
@Component(service = {PluginRegistry.class, PluginTracker.class}, configurationPid = "xmpp.sm.plugins")
@Designate(ocd = PluginTracker.Config.class)
public final class PluginTracker implements PluginRegistry {
    private static final System.Logger LOG = System.getLogger(PluginTracker.class.getName());

    @ObjectClassDefinition(name = "Confab plugin pipeline")
    @interface Config {
        @AttributeDefinition(description = "Milliseconds stanzas wait for the next version of a plugin that went away")
        int hold_timeout() default 10000;

        @AttributeDefinition(description = "Most stanzas held per interest of a plugin that went away")
        int hold_max() default 10000;
    }

    final Pipeline pipeline = new Pipeline();
    private final BundleContext context;
    private final SharedTimer timer;
    private final Map<Long, Slot> slots = new HashMap<>();
    private final SynchronousBundleListener uninstalls = this::bundleChanged;
    private volatile int holdTimeout;
    private volatile int holdMax;

    @Activate
    public PluginTracker(BundleContext context, @Reference SharedTimer timer, Config config) {
        this.context = context;
        this.timer = timer;
        modified(config);
        context.addBundleListener(uninstalls);
    }

    /** For tests without a framework. */
    PluginTracker(SharedTimer timer, int holdTimeout, int holdMax) {
        this.context = null;
        this.timer = timer;
        this.holdTimeout = holdTimeout;
        this.holdMax = holdMax;
    }

    @Modified
    void modified(Config config) {
        if (config.hold_timeout() < 0 || config.hold_max() < 0) {
            throw new IllegalArgumentException("xmpp.sm.plugins: hold.timeout and hold.max must not be negative");
        }
        holdTimeout = config.hold_timeout();
        holdMax = config.hold_max();
    }

    @Deactivate
    void deactivate() {
        if (context != null) {
            context.removeBundleListener(uninstalls);
        }
        synchronized (slots) {
            slots.values().forEach(Slot::shutdown);
            slots.clear();
            pipeline.publish(PluginIndex.EMPTY);
        }
        for (Hold h : pipeline.holds.values()) {
            h.release();
        }
        pipeline.holds.clear();
    }

    // ---- the whiteboard: services are fetched on first use (see Slot), so binding never activates a plugin

    @Reference(service = StanzaPreprocessor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindPreprocessor(ServiceReference<StanzaPreprocessor> ref) {
        add(new Slot(Slot.Stage.PREPROCESSOR, ref, () -> context.getService(ref)));
    }

    void unbindPreprocessor(ServiceReference<StanzaPreprocessor> ref) {
        remove(ref);
    }

    /** New service properties (interest, queues, ranking): swapped like an update, so nothing is lost. */
    void updatedPreprocessor(ServiceReference<StanzaPreprocessor> ref) {
        replace(ref, Slot.Stage.PREPROCESSOR);
    }

    @Reference(service = StanzaHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindProcessor(ServiceReference<StanzaHandler> ref) {
        add(new Slot(Slot.Stage.PROCESSOR, ref, () -> context.getService(ref)));
    }

    void unbindProcessor(ServiceReference<StanzaHandler> ref) {
        remove(ref);
    }

    /** New service properties (interest, queues, ranking): swapped like an update, so nothing is lost. */
    void updatedProcessor(ServiceReference<StanzaHandler> ref) {
        replace(ref, Slot.Stage.PROCESSOR);
    }

    @Reference(service = StanzaPostprocessor.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindPostprocessor(ServiceReference<StanzaPostprocessor> ref) {
        add(new Slot(Slot.Stage.POSTPROCESSOR, ref, () -> context.getService(ref)));
    }

    void unbindPostprocessor(ServiceReference<StanzaPostprocessor> ref) {
        remove(ref);
    }

    /** New service properties (interest, queues, ranking): swapped like an update, so nothing is lost. */
    void updatedPostprocessor(ServiceReference<StanzaPostprocessor> ref) {
        replace(ref, Slot.Stage.POSTPROCESSOR);
    }

    @Reference(service = StanzaFilter.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindFilter(ServiceReference<StanzaFilter> ref) {
        add(new Slot(Slot.Stage.FILTER, ref, () -> context.getService(ref)));
    }

    void unbindFilter(ServiceReference<StanzaFilter> ref) {
        remove(ref);
    }

    /** New service properties (interest, queues, ranking): swapped like an update, so nothing is lost. */
    void updatedFilter(ServiceReference<StanzaFilter> ref) {
        replace(ref, Slot.Stage.FILTER);
    }

    void add(Slot slot) {
        List<Work> resumed = new ArrayList<>();
        synchronized (slots) {
            slots.put(slot.serviceId, slot);
            pipeline.publish(PluginIndex.build(slots.values()));
            for (String key : slot.keys) {
                Hold h = pipeline.holds.get(key);
                if (h != null && h.stage == slot.stage) {
                    pipeline.holds.remove(key, h);
                    List<Work> held = h.release();
                    LOG.log(Level.INFO, "{0} is back: {1} held stanza(s) for {2} go to it", slot, held.size(), key);
                    resumed.addAll(held);
                }
            }
        }
        pipeline.resume(resumed);
    }

    private void replace(ServiceReference<?> ref, Slot.Stage stage) {
        Slot old = remove((Long) ref.getProperty(Constants.SERVICE_ID));
        Slot next = new Slot(stage, ref, () -> context.getService(ref));
        if (old != null && old.fetched()) {
            next.adopt(old); // the same service object: keep the fetched instance and its registry count
        }
        add(next);
    }

    void remove(ServiceReference<?> ref) {
        Slot slot = remove((Long) ref.getProperty(Constants.SERVICE_ID));
        if (slot != null && slot.fetched()) {
            context.ungetService(ref);
        }
    }

    /** Takes a plugin out; its stanzas wait for its next version. */
    Slot remove(long id) {
        Slot slot;
        List<Work> drained;
        synchronized (slots) {
            slot = slots.remove(id);
            if (slot == null) {
                return null;
            }
            PluginIndex next = PluginIndex.build(slots.values());
            if (holdTimeout > 0 && holdMax > 0) {
                for (String key : slot.keys) {
                    if (!next.serves(slot.stage, key)) {
                        long bundleId = slot.bundle == null ? -1 : slot.bundle.getBundleId();
                        Hold h = new Hold(key, slot.stage, bundleId, slot.name, holdMax);
                        pipeline.holds.put(key, h);
                        timer.schedule(() -> expire(h), holdTimeout, TimeUnit.MILLISECONDS);
                    }
                }
            }
            pipeline.publish(next);
            drained = slot.shutdown();
        }
        pipeline.resume(drained); // into the holds (or to another plugin of the same interest)
        return slot;
    }

    private void expire(Hold h) {
        if (pipeline.holds.remove(h.key, h)) {
            List<Work> held = h.release();
            if (!held.isEmpty()) {
                LOG.log(Level.WARNING, "{0} did not come back within {1} ms: {2} held stanza(s) get the default",
                        h.plugin, holdTimeout, held.size());
            }
            pipeline.resume(held);
        }
    }

    /** A plugin bundle uninstalled for good: stop holding, its stanzas get the RFC defaults at once. */
    private void bundleChanged(BundleEvent e) {
        if (e.getType() == BundleEvent.UNINSTALLED) {
            uninstalled(e.getBundle().getBundleId());
        }
    }

    void uninstalled(long id) {
        for (Hold h : List.copyOf(pipeline.holds.values())) {
            if (h.bundleId == id && pipeline.holds.remove(h.key, h)) {
                pipeline.resume(h.release());
            }
        }
    }

    // ---- PluginRegistry

    @Override
    public Set<String> discoFeatures() {
        return pipeline.index().discoFeatures;
    }

    @Override
    public List<XmlElement> streamFeatures(boolean authenticated) {
        PluginIndex i = pipeline.index();
        return authenticated ? i.postAuthFeatures : i.preAuthFeatures;
    }

    /** For the shell. */
    List<Slot> slots() {
        return pipeline.index().all;
    }

    int held(Slot s) {
        int n = 0;
        for (String k : s.keys) {
            Hold h = pipeline.holds.get(k);
            if (h != null) {
                n += h.size();
            }
        }
        return n;
    }

    List<Hold> holds() {
        return List.copyOf(pipeline.holds.values());
    }
}
