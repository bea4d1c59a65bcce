package im.confab.sm.disco.internal;

import im.confab.api.jid.Jid;
import im.confab.api.stanza.Stanza;

/** Whom a disco request is about, as far as the requester may be told (XEP-0030 sections 3 and 7). */
enum Addressee {
    /** The server domain: anybody may ask. */
    SERVER,
    /** The requester's own account. */
    OWN_ACCOUNT,
    /** Another account, or anything else the session manager should not have handed us. */
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
        // Only the owner learns about an account for now: without a roster we cannot tell whether the
        // requester has a presence subscription, which XEP-0030 section 7 leaves to the account's policy.
        if (to.local() != null && to.isBare() && from != null && from.bare().equals(to)) {
            return OWN_ACCOUNT;
        }
        return OTHER;
    }
}
