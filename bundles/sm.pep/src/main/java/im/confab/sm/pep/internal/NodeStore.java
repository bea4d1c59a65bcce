package im.confab.sm.pep.internal;

import im.confab.api.store.XmlStore;
import im.confab.api.xml.XmlElement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last published item of each PEP node (XEP-0163: "the last item is enough"), durable in the {@link XmlStore}:
 * kind {@code pep}, key = the node, value = the {@code <item/>}; plus the list of an account's nodes (kind
 * {@code pep.nodes}), so that all of them can be loaded before an answer that needs them comes in on another
 * thread. Recently used items are also kept in memory for those threads, which must not block on the store.
 */
final class NodeStore {
    static final String KIND = "pep";
    static final String NODES_KIND = "pep.nodes";
    private static final String NODES_NS = "urn:confab:pep:nodes";

    private final XmlStore store;
    private final int max;
    private final Map<String, Optional<XmlElement>> recent;

    NodeStore(XmlStore store, int max) {
        this.store = store;
        this.max = max;
        this.recent = new LinkedHashMap<>(64, 0.75f, true);
    }

    private static String k(String user, String node) {
        return user + '\u0000' + node;
    }

    /** @return the last item of the node, empty when the node does not exist; may read the store */
    Optional<XmlElement> last(String user, String node) {
        Optional<XmlElement> c = cached(user, node);
        if (c != null) {
            return c;
        }
        Optional<XmlElement> item = store.get(user, KIND, node);
        remember(user, node, item);
        return item;
    }

    /** @return the last item as kept in memory, never reading the store; null when it is not in memory */
    Optional<XmlElement> cached(String user, String node) {
        synchronized (recent) {
            return recent.get(k(user, node));
        }
    }

    /** @return the nodes of the account */
    List<String> nodes(String user) {
        Optional<XmlElement> list = store.get(user, NODES_KIND, "");
        List<String> out = new ArrayList<>();
        list.ifPresent(l -> l.elements().forEach(n -> out.add(n.attribute("name"))));
        return out;
    }

    /** Reads every node of the account into memory, so that {@link #cached} finds them. */
    void load(String user) {
        for (String node : nodes(user)) {
            last(user, node);
        }
    }

    /**
     * Stores the node's new last item, creating the node (auto-create, XEP-0060 7.1.4) when it is new. The session
     * manager runs one account's stanzas on one queue, so two publishes of one account never interleave here.
     */
    void publish(String user, String node, XmlElement item) {
        List<String> nodes = nodes(user);
        if (!nodes.contains(node)) {
            XmlElement.Builder list = XmlElement.builder("nodes", NODES_NS);
            nodes.forEach(n -> list.child(XmlElement.builder("node", NODES_NS).attribute("name", n).build()));
            list.child(XmlElement.builder("node", NODES_NS).attribute("name", node).build());
            store.put(user, NODES_KIND, "", list.build());
        }
        store.put(user, KIND, node, item);
        remember(user, node, Optional.of(item));
    }

    /** Drops what is kept in memory of a user (the account was deleted). */
    void forget(String user) {
        String prefix = user + '\u0000';
        synchronized (recent) {
            recent.keySet().removeIf(k -> k.startsWith(prefix));
        }
    }

    private void remember(String user, String node, Optional<XmlElement> item) {
        synchronized (recent) {
            recent.put(k(user, node), item);
            if (recent.size() > max) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
    }
}
