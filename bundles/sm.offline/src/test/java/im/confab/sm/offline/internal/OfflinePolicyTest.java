package im.confab.sm.offline.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.Test;

class OfflinePolicyTest {
    private static final String HINTS = "urn:xmpp:hints";
    private static final String STATES = "http://jabber.org/protocol/chatstates";

    private static Stanza.Builder message(String type) {
        return Stanza.message().type(type).from(Jid.parse("romeo@montague.lit/orchard"))
                .to(Jid.parse("juliet@capulet.lit"));
    }

    private static XmlElement el(String name, String ns) {
        return XmlElement.of(name, ns);
    }

    @Test
    void normalAndChatMessagesWithABodyAreKept() {
        assertTrue(OfflinePolicy.storable(message(null).body("hi").build()));
        assertTrue(OfflinePolicy.storable(message("normal").body("hi").build()));
        assertTrue(OfflinePolicy.storable(message("chat").body("hi").build()));
    }

    @Test
    void otherTypesNeverAre() {
        for (String t : new String[] {"groupchat", "headline", "error"}) {
            assertFalse(OfflinePolicy.storable(message(t).body("hi").child(el("store", HINTS)).build()), t);
        }
    }

    @Test
    void withoutABodyOnlyTheStoreHintKeepsAMessage() {
        XmlElement receipt = el("received", "urn:xmpp:receipts");
        assertFalse(OfflinePolicy.storable(message("chat").child(receipt).build()));
        assertTrue(OfflinePolicy.storable(message("chat").child(el("encrypted", "eu.siacs.conversations.axolotl"))
                .child(el("store", HINTS)).build()));
    }

    @Test
    void noStoreWinsOverEverything() {
        assertFalse(OfflinePolicy.storable(message("chat").body("hi").child(el("no-store", HINTS)).build()));
        assertFalse(OfflinePolicy.storable(message("chat").body("hi").child(el("store", HINTS))
                .child(el("no-store", HINTS)).build()));
    }

    @Test
    void noPermanentStoreStillAllowsKeepingUntilDelivery() {
        // XEP-0334 "Sensitive messages": "happy for it to be stored temporarily ... if the recipient is offline"
        assertTrue(OfflinePolicy.storable(message("chat").body("otr").child(el("no-permanent-store", HINTS))
                .build()));
    }

    @Test
    void chatStateOnlyMessagesAreNotKeptEvenWithAStoreHint() {
        assertFalse(OfflinePolicy.storable(message("chat").child(el("composing", STATES)).build()));
        assertFalse(OfflinePolicy.storable(message("chat").child(el("active", STATES))
                .child(XmlElement.builder("thread", Xml.JABBER_CLIENT).text("t1").build())
                .child(el("store", HINTS)).build()));
    }

    @Test
    void aChatStateBesideABodyIsKept() {
        assertTrue(OfflinePolicy.storable(message("chat").body("hi").child(el("active", STATES)).build()));
    }
}
