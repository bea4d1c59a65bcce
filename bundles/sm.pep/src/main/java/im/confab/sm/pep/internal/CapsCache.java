package im.confab.sm.pep.internal;

import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * XEP-0115 section 6.3: features by caps key, learned once with a disco#info request and shared by every entity
 * that announces the same verified hash. One request per key at a time: those who ask meanwhile wait for the same
 * answer. A hash that does not verify (5.4) is used for the one answer but not cached. Pure (the request is a
 * function) and thread-safe.
 */
final class CapsCache {
    /** Sends the disco#info request for the caps' node and completes with the answer (result or error). */
    interface Query {
        CompletionStage<Stanza> ask(Caps caps);
    }

    private final int max;
    private final Map<String, Set<String>> known;
    private final ConcurrentHashMap<String, CompletableFuture<Set<String>>> pending = new ConcurrentHashMap<>();

    CapsCache(int max) {
        this.max = max;
        this.known = new LinkedHashMap<>(64, 0.75f, true);
    }

    /** @return the cached features, or null when the key is not known (yet) */
    Set<String> known(String key) {
        synchronized (known) {
            return known.get(key);
        }
    }

    /**
     * @return the features: at once when cached, else when the answer comes; empty when the entity answered with
     *         an error or not at all (it then gets no notifications until it announces caps again)
     */
    CompletionStage<Set<String>> resolve(Caps caps, Query query) {
        String key = caps.key();
        Set<String> f = known(key);
        if (f != null) {
            return CompletableFuture.completedFuture(f);
        }
        CompletableFuture<Set<String>> mine = new CompletableFuture<>();
        CompletableFuture<Set<String>> other = pending.putIfAbsent(key, mine);
        if (other != null) {
            return other;
        }
        CompletionStage<Stanza> answer;
        try {
            answer = query.ask(caps);
        } catch (RuntimeException e) {
            pending.remove(key, mine);
            mine.complete(Set.of());
            return mine;
        }
        answer.whenComplete((a, failure) -> {
            Set<String> features = Set.of();
            XmlElement q = a == null || !"result".equals(a.type()) ? null : a.element().child("query", Caps.DISCO_INFO);
            if (q != null) {
                features = Caps.features(q);
                // a legacy ver cannot be checked; it names one software version at one node, so caching is safe
                if (caps.hash() == null || caps.verifies(q)) {
                    put(key, features);
                }
            }
            pending.remove(key, mine);
            mine.complete(features);
        });
        return mine;
    }

    private void put(String key, Set<String> features) {
        synchronized (known) {
            known.put(key, features);
            if (known.size() > max) {
                known.remove(known.keySet().iterator().next()); // least recently used
            }
        }
    }

    /** @return how many keys are cached (for tests) */
    int size() {
        synchronized (known) {
            return known.size();
        }
    }
}
