package im.confab.sm.presence.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.session.SessionManager;
import im.confab.api.stanza.Stanza;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the presence plugin keeps on each session. The values are JDK and api types only: after a hot swap the
 * next version of this bundle reads them with its own classes, which could not cast an old version's class.
 */
final class PresenceState {
    /** TRUE from the session's initial presence until its unavailable presence (RFC 6121 4.2, 4.5). */
    static final SessionAttribute<Boolean> AVAILABLE =
            new SessionAttribute<>("im.confab.sm.presence.available", Boolean.class);
    /** The last available presence the session broadcast, stamped, without 'to': the answer to probes (4.3.2). */
    static final SessionAttribute<Stanza> LAST = new SessionAttribute<>("im.confab.sm.presence.last", Stanza.class);
    /** Who got directed presence from the session during its presence session (4.6.3); a concurrent set. */
    static final SessionAttribute<Set<Jid>> DIRECTED = new SessionAttribute<>("im.confab.sm.presence.directed", set());
    /**
     * Contacts whose pending subscription request this plugin redelivers to the session on its initial presence:
     * the inbound handler lets exactly these through without treating them as new requests (3.1.3 rule 4).
     */
    static final SessionAttribute<Set<Jid>> REDELIVER =
            new SessionAttribute<>("im.confab.sm.presence.redeliver", set());
    private static final Object LOCK = new Object();

    private PresenceState() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Set<Jid>> set() {
        return (Class) Set.class;
    }

    /** @return the session's set under the key, created on first use */
    static Set<Jid> setOf(ClientSession s, SessionAttribute<Set<Jid>> key) {
        Set<Jid> set = s.attribute(key);
        if (set == null) {
            synchronized (LOCK) { // processors of this bundle run on different queues
                set = s.attribute(key);
                if (set == null) {
                    set = ConcurrentHashMap.newKeySet();
                    s.attribute(key, set);
                }
            }
        }
        return set;
    }

    /** @return the account's sessions in a presence session, with their last presence set */
    static List<ClientSession> available(SessionManager sessions, Jid account) {
        List<ClientSession> out = new ArrayList<>(2);
        for (ClientSession s : sessions.sessions(account)) {
            if (s.attribute(LAST) != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** @return the session bound to this full JID, or null */
    static ClientSession session(SessionManager sessions, Jid full) {
        for (ClientSession s : sessions.sessions(full.bare())) {
            if (s.jid().equals(full)) {
                return s;
            }
        }
        return null;
    }

    /** Notes that the session is about to get a pending request from the contact again. */
    static void expectRedelivery(ClientSession s, Jid contact) {
        setOf(s, REDELIVER).add(contact);
    }

    /** @return true (once) if a request from the contact to this full JID is a redelivery this plugin sent */
    static boolean takeRedelivery(SessionManager sessions, Jid full, Jid contact) {
        ClientSession s = session(sessions, full);
        Set<Jid> set = s == null ? null : s.attribute(REDELIVER);
        return set != null && set.remove(contact);
    }
}
