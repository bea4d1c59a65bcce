package im.confab.sm.pep.internal;

import im.confab.api.jid.Jid;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlNode;

import java.util.ArrayList;
import java.util.List;

/** The XEP-0060 wire forms this plugin reads and writes; pure. */
final class PubSub {
    static final String NS = "http://jabber.org/protocol/pubsub";
    static final String EVENT = "http://jabber.org/protocol/pubsub#event";
    static final String ERRORS = "http://jabber.org/protocol/pubsub#errors";
    static final String NOTIFY = "+notify";

    private PubSub() {
    }

    /** @return the {@code <item/>} as stored and sent: an id and the one payload */
    static XmlElement item(String id, XmlElement payload) {
        return XmlElement.builder("item", NS).attribute("id", id).child(payload).build();
    }

    /** @return the stored item in another namespace (pubsub#event for notifications) */
    static XmlElement itemIn(XmlElement stored, String namespace) {
        XmlElement.Builder b = XmlElement.builder("item", namespace).attribute("id", stored.attribute("id"));
        stored.children().forEach(b::child);
        return b.build();
    }

    /** @return the publish result (XEP-0060 7.1.2): the node and the item id, useful when the service made it */
    static XmlElement publishResult(String node, String id) {
        return XmlElement.builder("pubsub", NS)
                .child(XmlElement.builder("publish", NS).attribute("node", node)
                        .child(XmlElement.builder("item", NS).attribute("id", id).build()).build())
                .build();
    }

    /** @return the items result (XEP-0060 6.5.2) */
    static XmlElement itemsResult(String node, List<XmlElement> items) {
        XmlElement.Builder list = XmlElement.builder("items", NS).attribute("node", node);
        items.forEach(list::child);
        return XmlElement.builder("pubsub", NS).child(list.build()).build();
    }

    /** @return the headline notification (XEP-0060 7.1.2.1, XEP-0163 4.3.1), from the account's bare JID */
    static Stanza notification(Jid service, Jid to, String node, XmlElement stored) {
        XmlElement event = XmlElement.builder("event", EVENT)
                .child(XmlElement.builder("items", EVENT).attribute("node", node).child(itemIn(stored, EVENT)).build())
                .build();
        return Stanza.message().type("headline").from(service).to(to).child(event).build();
    }

    /**
     * @return an error reply with a pubsub#errors application condition (XEP-0060 section 12), e.g.
     *         {@code feature-not-implemented} + {@code <unsupported feature='…'/>}
     */
    static Stanza error(Stanza iq, Condition condition, String appCondition, String feature) {
        Stanza reply = iq.errorReply(condition);
        if (appCondition == null) {
            return reply;
        }
        XmlElement app = XmlElement.builder(appCondition, ERRORS).attribute("feature", feature).build();
        List<XmlNode> children = new ArrayList<>();
        for (XmlNode n : reply.element().children()) {
            children.add(n instanceof XmlElement e && e.is("error", Xml.JABBER_CLIENT) ? e.withChild(app) : n);
        }
        return reply.withPayload(children);
    }

    /** @return an unsupported-feature error (XEP-0060 section 12: feature-not-implemented, unsupported) */
    static Stanza unsupported(Stanza iq, String feature) {
        return error(iq, Condition.FEATURE_NOT_IMPLEMENTED, "unsupported", feature);
    }

    /** @return the node names a set of disco features asks notifications for: {@code node+notify} */
    static List<String> notifyNodes(Iterable<String> features) {
        List<String> out = new ArrayList<>();
        for (String f : features) {
            if (f.endsWith(NOTIFY) && f.length() > NOTIFY.length()) {
                out.add(f.substring(0, f.length() - NOTIFY.length()));
            }
        }
        return out;
    }
}
