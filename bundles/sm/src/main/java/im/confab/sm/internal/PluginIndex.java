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
    /** The same as byKey, for lookups that build no strings: [stage][direction]. */
    private final Table[][] tables;

    private PluginIndex(List<Slot> all, Slot[] pre, Slot[] filters, Map<Slot.Stage, Map<String, Slot[]>> byKey,
                        Set<String> disco, List<XmlElement> preAuth, List<XmlElement> postAuth) {
        this.all = all;
        this.preprocessors = pre;
        this.filters = filters;
        this.byKey = byKey;
        this.discoFeatures = disco;
        this.preAuthFeatures = preAuth;
        this.postAuthFeatures = postAuth;
        this.tables = new Table[Slot.Stage.values().length][StanzaContext.Direction.values().length];
        byKey.forEach((stage, m) -> m.forEach((key, chain) -> {
            boolean out = key.startsWith(Interest.OUT);
            int d = (out ? StanzaContext.Direction.FROM_CLIENT : StanzaContext.Direction.TO_LOCAL).ordinal();
            Table t = tables[stage.ordinal()][d];
            if (t == null) {
                tables[stage.ordinal()][d] = t = new Table();
            }
            t.add(out ? key.substring(Interest.OUT.length()) : key, chain);
        }));
    }

    /**
     * Declared keys taken apart once, at build time, so that a stanza is looked up by its header strings (whose
     * hashes are cached) and never by a key concatenated for it.
     */
    private static final class Table {
        /** type, then namespace, then element name. */
        final Map<String, Map<String, Map<String, Slot[]>>> iq = new HashMap<>();
        /** type, then child namespace ("" for every message of the type). */
        final Map<String, Map<String, Slot[]>> message = new HashMap<>();
        /** type ("available" for none). */
        final Map<String, Slot[]> presence = new HashMap<>();

        void add(String key, Slot[] chain) {
            int a = key.indexOf('/');
            int b = key.indexOf('/', a + 1);
            String kind = key.substring(0, a);
            String type = b < 0 ? key.substring(a + 1) : key.substring(a + 1, b);
            switch (kind) {
                case "iq" -> {
                    int c = key.lastIndexOf('/');
                    iq.computeIfAbsent(type, x -> new HashMap<>())
                            .computeIfAbsent(key.substring(b + 1, c), x -> new HashMap<>())
                            .put(key.substring(c + 1), chain);
                }
                case "message" -> message.computeIfAbsent(type, x -> new HashMap<>()).put(key.substring(b + 1), chain);
                default -> presence.put(type, chain);
            }
        }
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
        Table t = tables[stage.ordinal()][direction.ordinal()];
        if (t == null) {
            return NONE; // the common case (no plugin of this stage and direction) costs an array read
        }
        String type = s.type();
        switch (s.kind()) {
            case IQ: {
                XmlElement p = s.payload();
                Map<String, Map<String, Slot[]>> byNs = p == null ? null : t.iq.get(type);
                Map<String, Slot[]> byName = byNs == null ? null : byNs.get(p.namespace());
                Slot[] c = byName == null ? null : byName.get(p.name());
                return c == null ? NONE : c;
            }
            case MESSAGE:
                return message(t.message.get(type == null ? "normal" : type), s);
            default: {
                Slot[] c = t.presence.get(type == null ? "available" : type);
                return c == null ? NONE : c;
            }
        }
    }

    /** Plugins for any message of the type, and those for the namespaces of its children, merged by ranking. */
    private static Slot[] message(Map<String, Slot[]> byNs, Stanza s) {
        if (byNs == null) {
            return NONE;
        }
        Slot[] any = byNs.get("");
        if (byNs.size() == (any == null ? 0 : 1)) {
            return any == null ? NONE : any; // nobody asked for a namespace: the children need no look
        }
        List<Slot> merged = null;
        String own = s.element().namespace();
        for (XmlElement child : s.element().elements()) {
            Slot[] c = child.namespace().equals(own) ? null : byNs.get(child.namespace());
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
            return any == null ? NONE : any;
        }
        if (any != null) {
            for (Slot x : any) {
                if (!merged.contains(x)) {
                    merged.add(x);
                }
            }
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
