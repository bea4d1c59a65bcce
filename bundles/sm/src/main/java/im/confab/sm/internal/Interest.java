package im.confab.sm.internal;

import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interest keys: what a processor or postprocessor declares in its service properties, and the keys a stanza
 * is looked up under. {@code iq/get/urn:xmpp:ping/ping}, {@code message/chat/} (any chat message),
 * {@code message/chat/urn:xmpp:receipts} (one with a child in that namespace), {@code presence/available}.
 */
final class Interest {
    private Interest() {
    }

    /** @return the keys a plugin service's properties declare (empty when it declares none) */
    static List<String> declared(Map<String, Object> props) {
        Set<String> keys = new LinkedHashSet<>();
        Object ns = props.get("xmpp.iq.namespace");
        if (ns != null) {
            Object element = props.get("xmpp.iq.element");
            for (String type : strings(props.getOrDefault("xmpp.iq.type", new String[] {"get", "set"}))) {
                keys.add("iq/" + type + "/" + ns + "/" + element);
            }
        }
        if (props.containsKey("xmpp.message.type") || props.containsKey("xmpp.message.namespace")) {
            String mns = String.valueOf(props.getOrDefault("xmpp.message.namespace", ""));
            String dir = prefix(props.get("xmpp.message.direction"));
            for (String type : strings(props.getOrDefault("xmpp.message.type",
                    new String[] {"normal", "chat", "groupchat", "headline", "error"}))) {
                keys.add(dir + "message/" + type + "/" + mns);
            }
        }
        if (props.containsKey("xmpp.presence.type")) {
            String dir = prefix(props.get("xmpp.presence.direction"));
            for (String type : strings(props.get("xmpp.presence.type"))) {
                keys.add(dir + "presence/" + type);
            }
        }
        return List.copyOf(keys);
    }

    /** Keys of stanzas a local client sends (before routing) start with this. */
    static final String OUT = "out:";

    private static String prefix(Object direction) {
        return Direction.FROM_CLIENT.name().equals(String.valueOf(direction)) ? OUT : "";
    }

    /** @return the keys to look a stanza up under in its direction, most specific first */
    static List<String> of(Stanza s, Direction d) {
        if (d != Direction.FROM_CLIENT) {
            return of(s);
        }
        List<String> in = of(s);
        List<String> out = new ArrayList<>(in.size());
        for (String k : in) {
            out.add(OUT + k);
        }
        return out;
    }

    /** @return the keys to look a stanza addressed to a local entity up under, most specific first */
    static List<String> of(Stanza s) {
        String type = s.type();
        switch (s.kind()) {
            case IQ: {
                XmlElement p = s.payload();
                return p == null ? List.of() : List.of("iq/" + type + "/" + p.namespace() + "/" + p.name());
            }
            case MESSAGE: {
                String t = "message/" + (type == null ? "normal" : type) + "/";
                List<XmlElement> children = s.element().elements();
                List<String> keys = new ArrayList<>(children.size() + 1);
                for (XmlElement c : children) {
                    String k = t + c.namespace();
                    if (!c.namespace().equals(s.element().namespace()) && !keys.contains(k)) {
                        keys.add(k);
                    }
                }
                keys.add(t);
                return keys;
            }
            default:
                return List.of("presence/" + (type == null ? "available" : type));
        }
    }

    static List<String> strings(Object v) {
        if (v instanceof String[] a) {
            return List.of(a);
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return v == null ? List.of() : List.of(String.valueOf(v));
    }
}
