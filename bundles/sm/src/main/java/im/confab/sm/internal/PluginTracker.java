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

    /**
     * A plugin (or its next version) arrives. While the holds are locked, the index that routes new stanzas to it
     * is published and the held stanzas go to it: a sender waiting on a hold comes after the stanzas it held, so
     * one account's order is kept across the swap.
     */
    void add(Slot slot) {
        int handedOver;
        synchronized (slots) {
            slots.put(slot.serviceId, slot);
            PluginIndex next = PluginIndex.build(slots.values());
            List<Hold> mine = new ArrayList<>();
            for (String key : slot.keys) {
                Hold h = pipeline.holds.get(key);
                if (h != null && h.stage == slot.stage) {
                    mine.add(h);
                }
            }
            mine.sort(java.util.Comparator.comparing(h -> h.key));
            handedOver = handOver(mine, 0, next);
        }
        if (handedOver >= 0) {
            LOG.log(Level.INFO, "{0} is back: {1} held stanza(s) go to it", slot, handedOver);
        }
    }

    /** Locks the holds one by one (in key order), then publishes and hands their stanzas over; -1 if none held. */
    private int handOver(List<Hold> holds, int i, PluginIndex next) {
        if (i == holds.size()) {
            List<Work> held = new ArrayList<>();
            for (Hold h : holds) {
                held.addAll(h.takeAll());
                h.markReleased();
            }
            // Published and released before the held stanzas run: what they route on this thread (which holds
            // the holds' locks, so an add would re-enter them) sees the new plugin instead of joining a hold
            // already emptied. A sender waiting in add() still comes after: it gets the locks only once the held
            // stanzas are in the new queues, and each sender has one stanza in flight (the session manager's
            // lanes), so nobody's next stanza overtakes the one held.
            pipeline.publish(next);
            pipeline.resume(held, next);
            for (Hold h : holds) {
                pipeline.holds.remove(h.key, h);
            }
            return holds.isEmpty() ? -1 : held.size();
        }
        synchronized (holds.get(i)) {
            return handOver(holds, i + 1, next);
        }
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

    /**
     * Takes a plugin out; its stanzas wait for its next version. Its queues stop taking work and what they still
     * held goes into the holds before the new index is published, with the holds locked, so later stanzas queue
     * behind it. Then the old version's running stanza, if any, is allowed to finish (bounded) before the next
     * version can be bound: the two never run side by side.
     */
    Slot remove(long id) {
        Slot slot;
        List<Work> elsewhere = new ArrayList<>();
        synchronized (slots) {
            slot = slots.remove(id);
            if (slot == null) {
                return null;
            }
            PluginIndex next = PluginIndex.build(slots.values());
            List<Hold> created = new ArrayList<>();
            if (holdTimeout > 0 && holdMax > 0) {
                for (String key : slot.keys) {
                    if (!next.serves(slot.stage, key)) {
                        long bundleId = slot.bundle == null ? -1 : slot.bundle.getBundleId();
                        created.add(new Hold(key, slot.stage, bundleId, slot.name, holdMax));
                    }
                }
            }
            created.sort(java.util.Comparator.comparing(h -> h.key));
            takeOut(slot, created, 0, next, elsewhere);
            for (Hold h : created) {
                timer.schedule(() -> expire(h), holdTimeout, TimeUnit.MILLISECONDS);
            }
        }
        pipeline.resume(elsewhere); // drained stanzas another plugin of the same interest serves
        slot.awaitIdle(Math.max(1000, holdTimeout / 2));
        return slot;
    }

    private void takeOut(Slot slot, List<Hold> holds, int i, PluginIndex next, List<Work> elsewhere) {
        if (i == holds.size()) {
            holds.forEach(h -> pipeline.holds.put(h.key, h));
            for (Work w : slot.shutdown()) {
                Hold target = null;
                for (String k : Interest.of(w.stanza(), w.ctx().direction())) {
                    for (Hold h : holds) {
                        if (h.key.equals(k) && h.stage == w.stage()) {
                            target = h;
                        }
                    }
                }
                if (target != null) {
                    target.append(w);
                } else {
                    elsewhere.add(w);
                }
            }
            pipeline.publish(next);
            return;
        }
        synchronized (holds.get(i)) {
            takeOut(slot, holds, i + 1, next, elsewhere);
        }
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
