package org.jivesoftware.smack;

import java.util.Set;

/**
 * Restarts the threads of Smack's shared NIO reactor that died (docs/conformance.md, "A race in Smack's modular
 * connection"). The reactor is a static singleton of two threads; after a lost race, the cleanup of the failed
 * connection can hand the reactor a key that is already gone, and the thread that takes that request dies of a
 * {@code NullPointerException}. A dead thread removes itself from the reactor, but nothing starts another one, so
 * once both are gone every modular connection of that JVM stalls. In Smack's package because the reactor's
 * instance is package-private.
 */
public final class ReactorThreads {
    private ReactorThreads() {
    }

    /** Smack's {@code SmackReactor.DEFAULT_REACTOR_THREAD_COUNT}. */
    static final int COUNT = 2;

    /** The live threads of the default reactor, by Smack's names for them. */
    public static long alive() {
        Set<Thread> threads = Thread.getAllStackTraces().keySet();
        return threads.stream().filter(t -> t.getName().startsWith("Smack DefaultReactor Thread #") && t.isAlive())
                .count();
    }

    /**
     * Starts as many reactor threads as died since the last call, and returns how many that was.
     */
    public static long restore() {
        long dead = COUNT - alive();
        if (dead > 0) {
            SmackReactor.getInstance().setReactorThreadCount(COUNT);
        }
        return Math.max(0, dead);
    }
}
