package im.confab.sm.offline.internal;

import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** XEP-0203 Delayed Delivery: the {@code <delay/>} a server adds to a message it kept for later delivery. */
final class Delay {
    static final String ELEMENT = "delay";
    static final String NAMESPACE = "urn:xmpp:delay";

    private Delay() {
    }

    /** @return the XEP-0082 DateTime in UTC, to the millisecond ({@code 2002-09-10T23:08:25.120Z}) */
    static String stamp(Instant when) {
        return DateTimeFormatter.ISO_INSTANT.format(when.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * @param by the entity that delayed it (XEP-0203: the 'from', here the server's domain)
     * @return the message with a delay child, unless it already carries one from {@code by}: a message that
     *         was handed out, missed its session and came back keeps its first, truer stamp
     */
    static Stanza stamped(Stanza message, String by, Instant when) {
        List<XmlNode> children = new ArrayList<>(message.element().children().size() + 1);
        for (XmlNode n : message.element().children()) {
            if (n instanceof XmlElement e && e.is(ELEMENT, NAMESPACE) && by.equals(e.attribute("from"))) {
                return message;
            }
            children.add(n);
        }
        children.add(XmlElement.builder(ELEMENT, NAMESPACE).attribute("from", by).attribute("stamp", stamp(when))
                .build());
        return message.withPayload(children);
    }
}
