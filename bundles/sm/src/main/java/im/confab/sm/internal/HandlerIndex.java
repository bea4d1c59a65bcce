package im.confab.sm.internal;

import im.confab.api.sm.StanzaHandler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable index of iq handlers by payload namespace, element and iq type, best-ranked first. Rebuilt on
 * every bind and unbind; dispatch is one map lookup.
 */
final class HandlerIndex {
    static final HandlerIndex EMPTY = new HandlerIndex(Map.of());
    private static final StanzaHandler[] NONE = new StanzaHandler[0];
    private final Map<String, StanzaHandler[]> byKey;

    private HandlerIndex(Map<String, StanzaHandler[]> byKey) {
        this.byKey = byKey;
    }

    static String key(String namespace, String element, String type) {
        return type + ' ' + element + ' ' + namespace;
    }

    StanzaHandler[] lookup(String namespace, String element, String type) {
        StanzaHandler[] h = byKey.get(key(namespace, element, type));
        return h == null ? NONE : h;
    }

    Map<String, StanzaHandler[]> entries() {
        return byKey;
    }

    /** One handler service as seen at bind time. */
    record Entry(StanzaHandler handler, String namespace, String element, List<String> types, int ranking,
                 long serviceId) {
    }

    static HandlerIndex build(Collection<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::serviceId));
        Map<String, List<StanzaHandler>> m = new HashMap<>();
        for (Entry e : sorted) {
            for (String t : e.types()) {
                m.computeIfAbsent(key(e.namespace(), e.element(), t), k -> new ArrayList<>()).add(e.handler());
            }
        }
        Map<String, StanzaHandler[]> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.toArray(NONE)));
        return new HandlerIndex(Map.copyOf(out));
    }
}
