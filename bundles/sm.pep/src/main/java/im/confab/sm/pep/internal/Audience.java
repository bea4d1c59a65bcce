package im.confab.sm.pep.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.session.SessionManager;
import im.confab.api.store.RosterStore;
import im.confab.api.store.RosterStore.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who may see an account's PEP nodes and who gets a notification. The access model is XEP-0163's default,
 * {@code presence}: the account itself and the contacts with a subscription to its presence ('from' or 'both').
 * Among them, a resource gets notifications of a node when its caps say {@code node+notify} (XEP-0060 9.2,
 * filtered notifications). Local resources keep that on their session (it survives a swap of this plugin); for
 * remote ones the plugin remembers the caps their presence to the account announced.
 */
final class Audience {
    /** The nodes the session's caps ask notifications for; a set of String, possibly not resolved yet (absent). */
    static final SessionAttribute<Set<String>> NOTIFY = new SessionAttribute<>("im.confab.sm.pep.notify", set());
    /** The caps key the session's last available presence announced; absent without caps. */
    static final SessionAttribute<String> CAPS = new SessionAttribute<>("im.confab.sm.pep.caps", String.class);

    /**
     * Contacts' resources that sent presence with caps to a local account, by account: full JID to caps key. For
     * remote contacts this is all the plugin knows; for local ones it only spares resending last items.
     */
    private final Map<Jid, Map<Jid, String>> announced = new ConcurrentHashMap<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Set<String>> set() {
        return (Class) Set.class;
    }

    /** @return true if the roster item lets the contact see the account's nodes */
    static boolean subscriber(RosterStore.Item i) {
        return i != null && (i.subscription() == Subscription.from || i.subscription() == Subscription.both);
    }

    /** @return true if the requester (any JID) may see the account's nodes */
    static boolean allowed(RosterStore roster, Jid account, Jid requester) {
        Jid bare = requester.bare();
        if (bare.equals(account)) {
            return true;
        }
        return bare.local() != null && subscriber(roster.item(account.local(), bare).orElse(null));
    }

    /**
     * @param features the cached features of a caps key, or null when not known
     * @return true if the session is available and asks for notifications of the node: by the features of the caps
     *         it announced once they are cached, else by what {@link OwnPresence} last noted on it. The cache is
     *         filled before anyone waiting for the disco#info answer runs, so a publish that comes after a
     *         contact's {@link ContactPresence} found no last item to send still sees the new interest, even before
     *         the session's own callback has noted it (CompletableFuture runs the later-registered first).
     */
    static boolean wants(ClientSession s, String node, Function<String, Set<String>> features) {
        if (!s.available()) {
            return false;
        }
        String key = s.attribute(CAPS);
        Set<String> known = key == null ? null : features.apply(key);
        if (known != null) {
            return known.contains(node + PubSub.NOTIFY);
        }
        Set<String> nodes = s.attribute(NOTIFY);
        return nodes != null && nodes.contains(node);
    }

    /**
     * @param features the cached features of a caps key, or null when not known
     * @return the full JIDs that get a notification of a node of the account: its own resources and its
     *         subscribers' resources that want it
     */
    List<Jid> recipients(SessionManager sessions, RosterStore.Roster roster, Jid account, String node,
            Function<String, Set<String>> features) {
        List<Jid> out = new ArrayList<>();
        for (ClientSession s : sessions.sessions(account)) {
            if (wants(s, node, features)) {
                out.add(s.jid());
            }
        }
        Map<Jid, String> far = announced.getOrDefault(account, Map.of());
        for (RosterStore.Item i : roster.items()) {
            if (!subscriber(i)) {
                continue;
            }
            if (sessions.servesDomain(i.jid().domain())) {
                for (ClientSession s : sessions.sessions(i.jid())) {
                    if (wants(s, node, features)) {
                        out.add(s.jid());
                    }
                }
                continue;
            }
            for (Map.Entry<Jid, String> e : far.entrySet()) {
                Set<String> f = features.apply(e.getValue());
                if (e.getKey().bare().equals(i.jid()) && f != null && f.contains(node + PubSub.NOTIFY)) {
                    out.add(e.getKey());
                }
            }
        }
        return out;
    }

    /**
     * Notes the caps a contact's resource announced to the account (null when it went away or has none).
     *
     * @return true when they differ from what it announced before, so its last items are due (XEP-0163 4.3.3)
     */
    boolean contactCaps(Jid account, Jid contact, String capsKey) {
        if (capsKey == null) {
            Map<Jid, String> m = announced.get(account);
            if (m != null && m.remove(contact) != null) {
                announced.computeIfPresent(account, (a, mm) -> mm.isEmpty() ? null : mm);
            }
            return false;
        }
        Map<Jid, String> m = announced.computeIfAbsent(account, a -> new ConcurrentHashMap<>());
        return !capsKey.equals(m.put(contact, capsKey));
    }

    /** @return what {@link #contactCaps} would answer, without noting anything */
    boolean capsChanged(Jid account, Jid contact, String capsKey) {
        Map<Jid, String> m = announced.get(account);
        return capsKey != null && !capsKey.equals(m == null ? null : m.get(contact));
    }
}
