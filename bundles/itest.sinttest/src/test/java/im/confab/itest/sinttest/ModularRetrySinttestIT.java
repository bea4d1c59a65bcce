package im.confab.itest.sinttest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.test.support.Distribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * The retry of {@link ConformanceSinttestIT} for Smack's modular-connection race: each attempt is a sinttest
 * run of one test in a JVM of its own, and only a pass counts.
 */
class ModularRetrySinttestIT {
    private static Distribution d;

    @BeforeAll
    static void start() throws Exception {
        d = new Distribution("modular-retry").conf("xmpp.sm.register", "allow.registration=true\n").start();
    }

    @AfterAll
    static void stop() throws Exception {
        d.close();
    }

    @Test
    void theModularTestPassesInAFreshJvm() throws Exception {
        List<String> attempts = new ArrayList<>();
        assertTrue(ConformanceSinttestIT.passesAgain(d, 10_000,
                ConformanceSinttestIT.MODULAR_TEST + ".testDisconnectAfterConnect", 4, attempts),
                attempts.toString());
        assertEquals("PASSED", attempts.get(attempts.size() - 1), attempts.toString());
    }

    @Test
    void aRetryThatRunsNoTestIsAFailureAndNotRetriedAgain() throws Exception {
        List<String> attempts = new ArrayList<>();
        assertFalse(ConformanceSinttestIT.passesAgain(d, 10_000,
                ConformanceSinttestIT.MODULAR_TEST + ".noSuchTest", 4, attempts), attempts.toString());
        assertEquals(1, attempts.size(), attempts.toString());
        assertTrue(attempts.get(0).startsWith("FAILED "), attempts.toString());
    }
}
