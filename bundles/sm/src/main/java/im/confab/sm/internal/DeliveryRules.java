package im.confab.sm.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6121 section 8.5.2: which resources of an account get a message addressed to its bare JID.
 * Pure logic, tested without OSGi.
 */
final class DeliveryRules {
    private DeliveryRules() {
    }

    /** What to do with a message to a bare JID. */
    enum Action { DELIVER, OFFLINE, ERROR, DROP }

    /** The decision and, for DELIVER, the sessions. */
    record Decision(Action action, List<LocalSession> targets) {
    }

    /**
     * @param type the message type attribute (null means normal)
     * @param sessions the account's sessions
     */
    static Decision messageToBare(String type, LocalSession[] sessions) {
        String t = type == null ? "normal" : type;
        switch (t) {
            case "error":
                return new Decision(Action.DROP, List.of());
            case "groupchat":
                return new Decision(Action.ERROR, List.of());
            case "headline": {
                List<LocalSession> all = nonNegative(sessions);
                return all.isEmpty() ? new Decision(Action.DROP, all) : new Decision(Action.DELIVER, all);
            }
            default: { // normal, chat, and unknown types, which RFC 6120 says to treat as normal
                List<LocalSession> best = highestPriority(sessions);
                return best.isEmpty() ? new Decision(Action.OFFLINE, best) : new Decision(Action.DELIVER, best);
            }
        }
    }

    /** Available sessions with a non-negative priority. */
    static List<LocalSession> nonNegative(LocalSession[] sessions) {
        List<LocalSession> l = new ArrayList<>(sessions.length);
        for (LocalSession s : sessions) {
            if (s.available() && s.priority() >= 0) {
                l.add(s);
            }
        }
        return l;
    }

    /** The available sessions sharing the highest non-negative priority (all of them get the message). */
    static List<LocalSession> highestPriority(LocalSession[] sessions) {
        int best = -1;
        List<LocalSession> l = new ArrayList<>(2);
        for (LocalSession s : sessions) {
            if (!s.available() || s.priority() < 0) {
                continue;
            }
            if (s.priority() > best) {
                best = s.priority();
                l.clear();
            }
            if (s.priority() == best) {
                l.add(s);
            }
        }
        return l;
    }

    /** @return the priority in a presence's {@code <priority/>}, 0 when missing or invalid (RFC 6121 4.7.2.3) */
    static int priority(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int p = Integer.parseInt(text.trim());
            return p < -128 || p > 127 ? 0 : p;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
