package im.confab.sm.roster.internal;

import im.confab.api.jid.Jid;
import im.confab.api.jid.JidFormatException;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.RosterStore;
import im.confab.api.store.RosterXml;
import im.confab.api.xml.XmlElement;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and checks a roster set against the rules of RFC 6121 2.1.5 and 2.3.3; no OSGi, no storage. */
final class RosterSet {
    private RosterSet() {
    }

    /** Server-configured limits (RFC 6121 2.3.3 leaves them to the server). */
    record Limits(int maxItems, int maxNameLength, int maxGroupLength) {
    }

    /**
     * What the client asked for.
     *
     * @param item the contact's jid with the name and groups to store (no subscription state: not the client's)
     * @param remove true for {@code subscription='remove'}
     */
    record Request(RosterStore.Item item, boolean remove) {
        Jid contact() {
            return item.jid();
        }
    }

    /** The roster set breaks a rule; answer with this condition. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final Condition condition;

        Invalid(Condition condition, String text) {
            super(text, null, false, false);
            this.condition = condition;
        }
    }

    /**
     * @param query the {@code <query xmlns='jabber:iq:roster'/>} of the set
     * @param account the user's bare JID
     */
    static Request parse(XmlElement query, Jid account, Limits limits) throws Invalid {
        List<XmlElement> items = query.elements().stream().filter(e -> e.is("item", RosterXml.NAMESPACE)).toList();
        if (items.size() != 1) { // 2.1.5 rule 1, 2.3.3
            throw new Invalid(Condition.BAD_REQUEST, "a roster set has exactly one item");
        }
        XmlElement e = items.get(0);
        if (e.attribute("jid") == null) { // 2.1.2.3: required
            throw new Invalid(Condition.BAD_REQUEST, "the item has no jid");
        }
        RosterStore.Item item;
        try {
            item = RosterXml.toItem(e);
        } catch (JidFormatException x) {
            throw new Invalid(Condition.JID_MALFORMED, x.getMessage());
        }
        if (!item.jid().isBare()) {
            throw new Invalid(Condition.BAD_REQUEST, "roster items are bare JIDs");
        }
        if (item.jid().equals(account)) { // 2.3.3 interoperability note
            throw new Invalid(Condition.NOT_ALLOWED, "the account itself cannot be a contact");
        }
        // 2.1.2.5: any subscription value but remove is ignored, as are ask and approved (2.1.2.1, 2.1.2.2)
        if ("remove".equals(e.attribute("subscription"))) {
            return new Request(item, true);
        }
        if (item.name().length() > limits.maxNameLength()) {
            throw new Invalid(Condition.NOT_ACCEPTABLE, "name longer than " + limits.maxNameLength());
        }
        Set<String> seen = new HashSet<>();
        for (String g : item.groups()) {
            if (g.isEmpty()) { // 2.3.3: to leave all groups the client sends none
                throw new Invalid(Condition.NOT_ACCEPTABLE, "empty group name");
            }
            if (g.length() > limits.maxGroupLength()) {
                throw new Invalid(Condition.NOT_ACCEPTABLE, "group name longer than " + limits.maxGroupLength());
            }
            // compared as RFC 7622 resourceparts are (OpaqueString: NFC, then exact)
            if (!seen.add(Normalizer.normalize(g, Normalizer.Form.NFC))) {
                throw new Invalid(Condition.BAD_REQUEST, "duplicate group " + g);
            }
        }
        return new Request(item, false);
    }
}
