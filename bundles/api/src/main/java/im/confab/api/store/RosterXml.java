package im.confab.api.store;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code jabber:iq:roster} wire form of {@link RosterStore} items (RFC 6121 section 2), shared by the roster
 * and presence plugins: both change items and both must push them to the same "interested resources".
 *
 * <p>A {@link RosterStore.Item} with a {@code null} name is not part of the user's roster: it only records an
 * inbound subscription request ({@code pendingIn}) from someone the user never added, which RFC 6121 3.1.3
 * forbids turning into a roster item before approval. Every item that is in the roster has a non-null name
 * (empty when the user gave none, which RFC 6121 2.4.1 makes equal to no name), so a store must keep an empty
 * name distinct from null.
 */
public final class RosterXml {
    /** The roster namespace. */
    public static final String NAMESPACE = "jabber:iq:roster";
    /** The roster versioning stream feature namespace (RFC 6121 2.6.1). */
    public static final String VERSIONING_FEATURE = "urn:xmpp:features:rosterver";
    /**
     * Set to {@code TRUE} on a session that requested the roster: an "interested resource" (RFC 6121 2.2), which
     * gets roster pushes.
     */
    public static final SessionAttribute<Boolean> INTERESTED =
            new SessionAttribute<>("im.confab.roster.interested", Boolean.class);

    private RosterXml() {
    }

    /** @return true if the item is in the user's roster, false for a mere record of a pending inbound request */
    public static boolean inRoster(RosterStore.Item item) {
        return item != null && item.name() != null;
    }

    /** @return true if the session requested the roster */
    public static boolean interested(ClientSession session) {
        return Boolean.TRUE.equals(session.attribute(INTERESTED));
    }

    /** @return the sessions of the list that requested the roster */
    public static List<ClientSession> interested(List<ClientSession> sessions) {
        List<ClientSession> out = new ArrayList<>(sessions.size());
        for (ClientSession s : sessions) {
            if (interested(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** @return the version string of a roster version */
    public static String ver(long version) {
        return Long.toString(version);
    }

    /**
     * @return the {@code <item/>} of an item: jid, name (when not empty), subscription, ask='subscribe' for a
     *         pending outbound request, approved='true' for a pre-approval (RFC 6121 2.1.2), then its groups
     */
    public static XmlElement toElement(RosterStore.Item item) {
        XmlElement.Builder b = XmlElement.builder("item", NAMESPACE)
                .attribute("jid", item.jid().toString())
                .attribute("name", item.name() == null || item.name().isEmpty() ? null : item.name())
                .attribute("subscription", item.subscription().name())
                .attribute("ask", item.askOut() ? "subscribe" : null)
                .attribute("approved", item.preApproved() ? "true" : null);
        for (String g : item.groups()) {
            b.textChild("group", g);
        }
        return b.build();
    }

    /** @return the {@code <item subscription='remove'/>} announcing a deletion (RFC 6121 2.5.2) */
    public static XmlElement removal(Jid contact) {
        return XmlElement.builder("item", NAMESPACE).attribute("jid", contact.toString())
                .attribute("subscription", "remove").build();
    }

    /**
     * Reads the user-controlled part of an {@code <item/>}: jid, name and groups, as a roster set gives them. The
     * subscription state is not the client's to set (RFC 6121 2.1.5), so the item has none, no flags, and an
     * empty name for a missing one (it is in the roster). Validation (RFC 6121 2.3.3) is the caller's.
     *
     * @throws im.confab.api.jid.JidFormatException if the jid attribute is missing or invalid
     */
    public static RosterStore.Item toItem(XmlElement item) {
        String jid = item.attribute("jid");
        Jid j = Jid.parse(jid == null ? "" : jid);
        List<String> groups = new ArrayList<>();
        for (XmlElement g : item.elements()) {
            if (g.is("group", NAMESPACE)) {
                groups.add(g.text());
            }
        }
        String name = item.attribute("name");
        return new RosterStore.Item(j, name == null ? "" : name, RosterStore.Subscription.none, false, false, false,
                groups);
    }

    /** @return the {@code <query/>} of a roster result: the items in the roster and the version */
    public static XmlElement query(RosterStore.Roster roster) {
        XmlElement.Builder q = XmlElement.builder("query", NAMESPACE).attribute("ver", ver(roster.version()));
        for (RosterStore.Item i : roster.items()) {
            if (inRoster(i)) {
                q.child(toElement(i));
            }
        }
        return q.build();
    }

    /**
     * @param account the user's bare JID, the push's sender (RFC 6121 2.1.6: clients accept pushes only from it)
     * @param resource the interested resource's full JID
     * @param id the iq id
     * @param item the {@code <item/>} (from {@link #toElement} or {@link #removal})
     * @param version the roster version after the change
     * @return the roster push, an iq set
     */
    public static Stanza push(Jid account, Jid resource, String id, XmlElement item, long version) {
        return Stanza.iq("set").id(id).from(account).to(resource)
                .child(XmlElement.builder("query", NAMESPACE).attribute("ver", ver(version)).child(item).build())
                .build();
    }
}
