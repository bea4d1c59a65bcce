package im.confab.sm.offline.internal;

import im.confab.api.stanza.Stanza;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;

/**
 * Which messages are worth keeping for an account that cannot take them now: XEP-0160 section 3 (by type,
 * and no chat-state-only messages) with the XEP-0334 hints. Pure logic.
 */
final class OfflinePolicy {
    static final String HINTS = "urn:xmpp:hints";
    static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";

    private OfflinePolicy() {
    }

    /** @return true if the message should be stored */
    static boolean storable(Stanza message) {
        String type = message.type();
        if (type != null && !"normal".equals(type) && !"chat".equals(type)) {
            return false; // groupchat, headline, error: XEP-0160 section 3 says not to
        }
        XmlElement m = message.element();
        if (m.child("no-store", HINTS) != null) {
            return false;
        }
        // <no-permanent-store/> does not stop us: XEP-0334 names temporary storage "as a normal part of
        // delivery (e.g. if the recipient is offline)" as what such a sender accepts, and we delete on delivery.
        if (chatStateOnly(m)) {
            return false;
        }
        // XEP-0334: offline storage usually keeps what has a body; <store/> asks for anything else.
        return m.child("body", Xml.JABBER_CLIENT) != null || m.child("store", HINTS) != null;
    }

    /** XEP-0160 section 3: "messages that contain only XEP-0085 content" (hints and a thread aside). */
    private static boolean chatStateOnly(XmlElement m) {
        boolean chatState = false;
        for (XmlElement c : m.elements()) {
            if (CHAT_STATES.equals(c.namespace())) {
                chatState = true;
            } else if (!HINTS.equals(c.namespace()) && !c.is("thread", Xml.JABBER_CLIENT)) {
                return false;
            }
        }
        return chatState;
    }
}
