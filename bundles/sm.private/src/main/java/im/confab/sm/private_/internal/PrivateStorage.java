package im.confab.sm.private_.internal;

import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.XmlStore;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of XEP-0049 on a user's {@code <query xmlns='jabber:iq:private'/>}, over an {@link XmlStore} (kind
 * {@code private}, key = the stored element's namespace). Knows nothing of who asks: the handler checks that.
 */
final class PrivateStorage {
    static final String NAMESPACE = "jabber:iq:private";
    static final String KIND = "private";

    /*
     * Namespaces no fragment may be stored under: the stanza and stream namespaces and this protocol's own (a
     * child without xmlns inherits it). XEP-0049 section 3 lets a server refuse other reserved namespaces but
     * does not require it; refusing only what cannot be a client's own namespace breaks no client.
     */
    private static final Set<String> RESERVED =
            Set.of("", Xml.JABBER_CLIENT, Xml.JABBER_SERVER, Xml.STREAMS, NAMESPACE);

    /** A result payload (null for an empty result), or an error with an optional text. */
    record Answer(XmlElement query, Condition error, String text) {
        static Answer result(XmlElement query) {
            return new Answer(query, null, null);
        }

        static Answer error(Condition condition, String text) {
            return new Answer(null, condition, text);
        }
    }

    private final XmlStore store;
    private final int maxSize;

    PrivateStorage(XmlStore store, int maxSize) {
        this.store = store;
        this.maxSize = maxSize;
    }

    /** Answers a get: the stored element of the one namespace asked for, or the asked-for element, empty. */
    Answer get(String user, XmlElement query) {
        List<XmlElement> children = query.elements();
        if (children.isEmpty()) {
            // Section 2: "at least one child element ... MUST be included; otherwise ... Not Acceptable"
            return Answer.error(Condition.NOT_ACCEPTABLE, "name the element to get");
        }
        if (children.size() > 1) {
            // Section 2: a client "MUST NOT query for more than one namespace in a single IQ get request"
            return Answer.error(Condition.BAD_REQUEST, "get one element at a time");
        }
        XmlElement wanted = children.get(0);
        if (RESERVED.contains(wanted.namespace())) {
            return reserved(wanted);
        }
        // Nothing stored is not an error: the answer holds the requested element, empty.
        XmlElement found = store.get(user, KIND, wanted.namespace())
                .orElseGet(() -> XmlElement.of(wanted.name(), wanted.namespace()));
        return Answer.result(XmlElement.builder("query", NAMESPACE).child(found).build());
    }

    /** Answers a set: each child replaces what was stored under its namespace. All are checked first. */
    Answer set(String user, XmlElement query) {
        List<XmlElement> children = query.elements();
        if (children.isEmpty()) {
            return Answer.error(Condition.NOT_ACCEPTABLE, "nothing to store");
        }
        Set<String> namespaces = new HashSet<>();
        for (XmlElement c : children) {
            if (RESERVED.contains(c.namespace())) {
                return reserved(c);
            }
            if (!namespaces.add(c.namespace())) {
                // The store keeps one element per namespace; taking the last one would lose the others silently.
                return Answer.error(Condition.NOT_ACCEPTABLE, "one element per namespace");
            }
            if (Xml.utf8Length(c.toXml()) > maxSize) {
                // Not in XEP-0049; not-acceptable is RFC 6120's "does not meet criteria defined by the server".
                return Answer.error(Condition.NOT_ACCEPTABLE, "larger than " + maxSize + " bytes");
            }
        }
        for (XmlElement c : children) {
            store.put(user, KIND, c.namespace(), c);
        }
        return Answer.result(null);
    }

    private static Answer reserved(XmlElement e) {
        // Section 3 allows refusing reserved namespaces; not-acceptable is the error servers have used.
        return Answer.error(Condition.NOT_ACCEPTABLE, "namespace '" + e.namespace() + "' is reserved");
    }
}
