package im.confab.sm.blocking.internal;

import im.confab.api.jid.Jid;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * One user's blocked JIDs with XEP-0191 JID matching: an item {@code user@domain/resource} or
 * {@code domain/resource} matches only that JID, {@code user@domain} any of its resources, and {@code domain}
 * the domain, everything at it and every address at a subdomain of it. Immutable; a check is a few set lookups
 * (the JID, its bare JID, its domain and the parent domains), whatever the size of the list.
 */
final class Blocklist {
    static final Blocklist EMPTY = new Blocklist(Set.of());

    private final Set<Jid> items;
    private final Set<String> keys; // normalized JIDs are equal when their strings are

    private Blocklist(Set<Jid> items) {
        this.items = items;
        Set<String> k = new HashSet<>(items.size() * 2);
        items.forEach(j -> k.add(j.toString()));
        this.keys = Set.copyOf(k);
    }

    static Blocklist of(Collection<Jid> items) {
        return items.isEmpty() ? EMPTY : new Blocklist(Set.copyOf(items));
    }

    /** @return the items, as the user gave them */
    Set<Jid> items() {
        return items;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** @return true if some item matches the JID */
    boolean blocks(Jid jid) {
        if (keys.isEmpty()) {
            return false;
        }
        if (keys.contains(jid.toString())) {
            return true; // the exact item, whatever its form
        }
        if (jid.local() != null && jid.resource() != null && keys.contains(jid.bare().toString())) {
            return true; // user@domain: any resource
        }
        String d = jid.domain();
        if (!d.equals(jid.toString()) && keys.contains(d)) {
            return true; // domain: everything at it
        }
        if (literal(d)) {
            return false; // an IP address has no parent domains
        }
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            if (keys.contains(d.substring(dot + 1))) {
                return true; // domain: "or address containing a subdomain"
            }
        }
        return false;
    }

    /** @return true if the item matches the JID (one item of {@link #blocks}) */
    static boolean matches(Jid item, Jid jid) {
        if (item.resource() != null) {
            return item.equals(jid);
        }
        if (item.local() != null) {
            return item.equals(jid.bare());
        }
        String d = jid.domain();
        return d.equals(item.domain()) || !literal(d) && d.endsWith("." + item.domain());
    }

    private static boolean literal(String domain) {
        if (domain.startsWith("[")) {
            return true;
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return items.toString();
    }
}
