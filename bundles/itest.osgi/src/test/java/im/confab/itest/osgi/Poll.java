package im.confab.itest.osgi;

import java.util.function.Supplier;

/** Bounded polling (the role Awaitility plays elsewhere): the tests never sleep for correctness. */
final class Poll {
    private static final long STEP_MS = 20;

    private Poll() {
    }

    /** A probe that may throw; returns null while the condition does not hold yet. */
    interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Calls {@code probe} until it returns non-null, at most {@code timeoutMs}.
     *
     * @return the probe's first non-null answer
     * @throws AssertionError naming {@code what} (and the last exception of the probe) on timeout
     */
    static <T> T until(String what, long timeoutMs, Probe<T> probe) throws InterruptedException {
        return until(what, timeoutMs, probe, () -> "");
    }

    /** As {@link #until(String, long, Probe)}, with a description of the state for the failure message. */
    static <T> T until(String what, long timeoutMs, Probe<T> probe, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        Exception last = null;
        while (true) {
            try {
                T t = probe.get();
                if (t != null) {
                    return t;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError e = new AssertionError(what + ": not within " + timeoutMs + " ms. " + state.get());
                if (last != null) {
                    e.initCause(last);
                }
                throw e;
            }
            Thread.sleep(STEP_MS);
        }
    }
}
