package im.confab.store.jdbc.internal;

import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A process killed right after create() returned must not lose the account (the WRITE_DELAY=0 option). */
class CrashDurabilityTest {
    @TempDir
    Path data;

    /** Run in a child JVM: creates accounts, then dies without closing anything. */
    public static void main(String[] args) {
        JdbcAccountStore store = new JdbcAccountStore(Path.of(args[0]), TestConfig.defaults());
        for (int i = 0; i < 3; i++) {
            store.create("crash" + i, "pw" + i);
        }
        Runtime.getRuntime().halt(0); // no close, no shutdown hooks: as kill -9 would
    }

    @Test
    void committedAccountsSurviveAKilledProcess() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Test code only: the child needs this JVM's class path.
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashDurabilityTest.class.getName(), data.toString()).inheritIO().start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());

        JdbcAccountStore store = new JdbcAccountStore(data, TestConfig.defaults());
        try {
            assertEquals(List.of("crash0", "crash1", "crash2"), store.usernames());
            assertTrue(Scram.verify(store.credentials("crash2", ScramAlgorithm.SHA_256).orElseThrow(), "pw2"));
        } finally {
            store.close();
        }
    }
}
