package im.confab.sm.register.internal;

import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.xml.XmlElement;

/** XEP-0077 request parsing and answers shared by both components; pure, tested without OSGi. */
final class Register {
    static final String NS = "jabber:iq:register";
    static final String FEATURE = "http://jabber.org/features/iq-register";

    private Register() {
    }

    /** What a set asks for. */
    record Request(String username, String password, boolean remove) {
    }

    /** @return the request of a set, or null when it is malformed */
    static Request parse(Stanza iq) {
        XmlElement q = iq.payload();
        if (q == null || !q.is("query", NS)) {
            return null;
        }
        boolean remove = q.child("remove", NS) != null;
        XmlElement u = q.child("username", NS);
        XmlElement p = q.child("password", NS);
        return new Request(u == null ? null : u.text().trim(), p == null ? null : p.text(), remove);
    }

    /** The form a client fills in (XEP-0077 3.1). */
    static Stanza form(Stanza iq) {
        XmlElement q = XmlElement.builder("query", NS)
                .textChild("instructions", "Choose a username and password for use with this service.")
                .child(XmlElement.of("username", NS)).child(XmlElement.of("password", NS)).build();
        return withPayload(iq, q);
    }

    /** 3.2: a registered user asking again gets the registered flag and its username. */
    static Stanza registered(Stanza iq, String username) {
        XmlElement q = XmlElement.builder("query", NS).child(XmlElement.of("registered", NS))
                .textChild("username", username).child(XmlElement.of("password", NS)).build();
        return withPayload(iq, q);
    }

    private static Stanza withPayload(Stanza iq, XmlElement q) {
        return Stanza.iq("result").id(iq.id()).from(iq.to()).to(iq.from()).child(q).build();
    }

    static Stanza error(Stanza iq, Condition c, String text) {
        return iq.errorReply(c, text);
    }
}
