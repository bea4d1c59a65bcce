package im.confab.sm.disco.internal;

import im.confab.api.jid.Jid;
import im.confab.api.stanza.Stanza;

/** Whom a disco request is about, as far as the requester may be told (XEP-0030 sections 3 and 7). */
enum Addressee {
    /** The server domain: anybody may ask. */
    SERVER,
    /** The requester's own account. */
    OWN_ACCOUNT,
    /**
     * Another entity's account (a bare JID with a local part): only its contacts with a subscription to its
     * presence learn anything about it, which the roster tells (XEP-0030 section 7, RFC 6121 8.5.1).
     */
    ANOTHER_ACCOUNT,
    /** Anything else the session manager should not have handed us (a full JID, no sender). */
    OTHER;

    static Addressee of(Stanza iq) {
        Jid to = iq.to();
        Jid from = iq.from();
        if (to == null) {
            // RFC 6120 10.3.3: an iq without 'to' is answered by the server on behalf of the sender's account.
            return from == null ? OTHER : OWN_ACCOUNT;
        }
        if (to.isDomain()) {
            return SERVER;
        }
        if (to.local() == null || !to.isBare() || from == null) {
            return OTHER;
        }
        return from.bare().equals(to) ? OWN_ACCOUNT : ANOTHER_ACCOUNT;
    }
}
