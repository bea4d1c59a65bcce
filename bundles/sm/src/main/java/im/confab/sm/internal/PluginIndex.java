package im.confab.sm.internal;

import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Immutable snapshot of the plugins present: preprocessors and filters in ranking order, processors and
 * postprocessors by interest key. Rebuilt on every bind and unbind and swapped in atomically; dispatch reads it
 * without locks.
 */
final class PluginIndex {
    private static final Slot[] NONE = new Slot[0];
    static final PluginIndex EMPTY = build(List.of());

    final Slot[] preprocessors;
    final Slot[] filters;
    final List<Slot> all;
    final Set<String> discoFeatures;
    final List<XmlElement> preAuthFeatures;
    final List<XmlElement> postAuthFeatures;
    private final Map<Slot.Stage, Map<String, Slot[]>> byKey;
    private final Set<String> kinds;

    private PluginIndex(List<Slot> all, Slot[] pre, Slot[] filters, Map<Slot.Stage, Map<String, Slot[]>> byKey,
                        Set<String> disco, List<XmlElement> preAuth, List<XmlElement> postAuth) {
        this.all = all;
        this.preprocessors = pre;
        this.filters = filters;
        this.byKey = byKey;
        this.discoFeatures = disco;
        this.preAuthFeatures = preAuth;
        this.postAuthFeatures = postAuth;
        Set<String> k = new java.util.HashSet<>();
        byKey.forEach((stage, m) -> m.keySet().forEach(key -> k.add(stage + ":" + key.substring(0, key.indexOf('/')))));
        this.kinds = Set.copyOf(k);
    }

    private static String kind(Slot.Stage stage, Stanza s, StanzaContext.Direction d) {
        return stage + ":" + (d == StanzaContext.Direction.FROM_CLIENT ? Interest.OUT : "") + s.kind().elementName();
    }

    static PluginIndex build(Collection<Slot> slots) {
        List<Slot> sorted = new ArrayList<>(slots);
        Collections.sort(sorted);
        List<Slot> pre = new ArrayList<>();
        List<Slot> filters = new ArrayList<>();
        Map<Slot.Stage, Map<String, List<Slot>>> keyed = new EnumMap<>(Slot.Stage.class);
        Set<String> disco = new TreeSet<>();
        for (Slot s : sorted) {
            disco.addAll(s.discoFeatures);
            switch (s.stage) {
                case PREPROCESSOR -> pre.add(s);
                case FILTER -> filters.add(s);
                default -> {
                    for (String k : s.keys) {
                        keyed.computeIfAbsent(s.stage, x -> new HashMap<>()).computeIfAbsent(k, x -> new ArrayList<>())
                                .add(s);
                    }
                }
            }
        }
        Map<Slot.Stage, Map<String, Slot[]>> byKey = new EnumMap<>(Slot.Stage.class);
        keyed.forEach((stage, m) -> {
            Map<String, Slot[]> arrays = new HashMap<>();
            m.forEach((k, v) -> arrays.put(k, v.toArray(NONE)));
            byKey.put(stage, Map.copyOf(arrays));
        });
        List<XmlElement> preAuth = new ArrayList<>();
        List<XmlElement> postAuth = new ArrayList<>();
        for (Slot s : sorted) {
            if (s.streamFeature != null) {
                (s.streamFeatureAuthenticated ? postAuth : preAuth).add(s.streamFeature);
            }
        }
        return new PluginIndex(List.copyOf(sorted), pre.toArray(NONE), filters.toArray(NONE), byKey,
                Collections.unmodifiableSet(disco), List.copyOf(preAuth), List.copyOf(postAuth));
    }

    /** @return the processors or postprocessors interested in a stanza, best-ranked first */
    Slot[] chain(Slot.Stage stage, Stanza s, StanzaContext.Direction direction) {
        Map<String, Slot[]> m = byKey.get(stage);
        if (m == null || !kinds.contains(kind(stage, s, direction))) {
            return NONE; // the common case (a chat message, no message plugins) costs one set lookup
        }
        List<String> keys = Interest.of(s, direction);
        if (keys.size() == 1) {
            Slot[] c = m.get(keys.get(0));
            return c == null ? NONE : c;
        }
        List<Slot> merged = null;
        for (String k : keys) {
            Slot[] c = m.get(k);
            if (c != null) {
                if (merged == null) {
                    merged = new ArrayList<>();
                }
                for (Slot x : c) {
                    if (!merged.contains(x)) {
                        merged.add(x);
                    }
                }
            }
        }
        if (merged == null) {
            return NONE;
        }
        Collections.sort(merged);
        return merged.toArray(NONE);
    }

    /** @return true if some plugin of this stage declares the key */
    boolean serves(Slot.Stage stage, String key) {
        Map<String, Slot[]> m = byKey.get(stage);
        return m != null && m.containsKey(key);
    }
}
