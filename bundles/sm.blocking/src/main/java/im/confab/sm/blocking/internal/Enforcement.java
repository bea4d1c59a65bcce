package im.confab.sm.blocking.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlNode;

import java.util.ArrayList;
import java.util.List;

/** XEP-0191 section 3.3 rules shared by the enforcing plugins. Pure logic. */
final class Enforcement {
    /** Ahead of every other processor and preprocessor: nothing else should see a blocked stanza. */
    static final int RANKING = 10_000;
    static final String ERRORS = "urn:xmpp:blocking:errors";

    private Enforcement() {
    }

    /** @return true if {@code other} is the account itself, one of its resources, or its own server */
    static boolean ownSide(Jid other, Jid account) {
        return other.bare().equals(account.bare()) || other.equals(account.domainJid());
    }

    /** @return the {@code <not-acceptable/>} error with {@code <blocked xmlns='urn:xmpp:blocking:errors'/>} */
    static Stanza blockedError(Stanza s) {
        Stanza e = s.errorReply(StanzaError.Condition.NOT_ACCEPTABLE, StanzaError.Type.CANCEL, null);
        List<XmlNode> children = new ArrayList<>(e.element().children().size());
        for (XmlNode n : e.element().children()) {
            children.add(n instanceof XmlElement x && x.is("error", Xml.JABBER_CLIENT)
                    ? x.withChild(XmlElement.of("blocked", ERRORS)) : n);
        }
        return e.withPayload(children);
    }

    /**
     * Tells a local client that it tried to reach a JID it blocked. Written straight to its session, not routed:
     * routed, the error would come "from" the blocked JID and the inbound check would rightly drop it.
     */
    static void refuseOutbound(Stanza s, ClientSession origin) {
        if (origin != null && !s.isError() && !(s.isIq() && !s.isIqRequest())) {
            origin.connection().deliver(blockedError(s));
        }
    }
}
