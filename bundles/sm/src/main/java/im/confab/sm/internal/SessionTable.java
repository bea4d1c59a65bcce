package im.confab.sm.internal;

import im.confab.api.jid.Jid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sessions by bare JID. Each account maps to an immutable array replaced atomically on bind and unbind,
 * so routing reads without locks; writers serialize per account through {@link ConcurrentHashMap#compute}.
 */
final class SessionTable {
    private static final LocalSession[] NONE = new LocalSession[0];
    private final ConcurrentHashMap<Jid, LocalSession[]> byAccount = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** @return the sessions of an account, never null; do not modify */
    LocalSession[] of(Jid bare) {
        LocalSession[] s = byAccount.get(bare);
        return s == null ? NONE : s;
    }

    /** @return the session with this full JID, or null */
    LocalSession find(Jid full) {
        for (LocalSession s : of(full.bare())) {
            if (s.jid().equals(full)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Adds a session, replacing one with the same full JID.
     *
     * @return the replaced session, or null
     */
    LocalSession put(LocalSession session) {
        LocalSession[] replaced = new LocalSession[1];
        byAccount.compute(session.jid().bare(), (k, old) -> {
            if (old == null) {
                return new LocalSession[] {session};
            }
            List<LocalSession> l = new ArrayList<>(old.length + 1);
            for (LocalSession s : old) {
                if (s.jid().equals(session.jid())) {
                    replaced[0] = s;
                } else {
                    l.add(s);
                }
            }
            l.add(session);
            return l.toArray(NONE);
        });
        if (replaced[0] == null) {
            count.incrementAndGet();
        }
        return replaced[0];
    }

    /** Removes exactly this session object (not a newer one with the same JID). */
    boolean remove(LocalSession session) {
        boolean[] removed = new boolean[1];
        byAccount.computeIfPresent(session.jid().bare(), (k, old) -> {
            LocalSession[] next = Arrays.stream(old).filter(s -> s != session).toArray(LocalSession[]::new);
            removed[0] = next.length != old.length;
            return next.length == 0 ? null : next;
        });
        if (removed[0]) {
            count.decrementAndGet();
        }
        return removed[0];
    }

    int size() {
        return count.get();
    }

    List<LocalSession> all() {
        List<LocalSession> l = new ArrayList<>(count.get());
        byAccount.values().forEach(a -> l.addAll(Arrays.asList(a)));
        return l;
    }
}
