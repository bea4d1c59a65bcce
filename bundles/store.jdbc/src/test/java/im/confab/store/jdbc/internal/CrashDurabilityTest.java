package im.confab.store.jdbc.internal;

import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.store.OfflineStore.Stored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed right after a write returned must not lose it: on H2 that is the WRITE_DELAY=0 option, on
 * PostgreSQL the commit before store() returns.
 */
class CrashDurabilityTest {
    private static final String STORED = "stored";

    @TempDir
    Path data;

    /** Run in a child JVM: writes, then dies without closing anything. */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("accounts")) {
            JdbcAccountStore store = new JdbcAccountStore(new Database(Path.of(args[1]), TestConfig.defaults()));
            for (int i = 0; i < 3; i++) {
                store.create("crash" + i, "pw" + i);
            }
            Runtime.getRuntime().halt(0); // no close, no shutdown hooks: as kill -9 would
        }
        JdbcOfflineStore store = JdbcOfflineStoreTest.open(TestDatabase.fromArgs(Arrays.copyOfRange(args, 1,
                args.length)));
        for (int i = 0; i < 3; i++) {
            store.store("alice", JdbcOfflineStoreTest.message("alice", "crash" + i), JdbcOfflineStoreTest.T0, 10);
        }
        System.out.println(STORED); // the parent kills this JVM with SIGKILL when it reads this line
        System.out.flush();
        Thread.sleep(60_000);
        Runtime.getRuntime().halt(1);
    }

    private static ProcessBuilder child(List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                CrashDurabilityTest.class.getName())); // test code only: the child needs this JVM's class path
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    @Test
    void committedAccountsSurviveAKilledProcess() throws Exception {
        Process child = child(List.of("accounts", data.toString())).inheritIO().start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());

        Database db = new Database(data, TestConfig.defaults());
        try {
            JdbcAccountStore store = new JdbcAccountStore(db);
            assertEquals(List.of("crash0", "crash1", "crash2"), store.usernames());
            assertTrue(Scram.verify(store.credentials("crash2", ScramAlgorithm.SHA_256).orElseThrow(), "pw2"));
        } finally {
            db.close();
        }
    }

    @EachDatabase
    void offlineMessagesSurviveKillNineRightAfterStoreReturned(TestDatabase db) throws Exception {
        db.open().close(); // the schema exists before the child starts (PostgreSQL: and the test schema)
        List<String> args = new ArrayList<>(List.of("offline"));
        args.addAll(db.childArgs());
        Process child = child(args).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(STORED)) {
                System.out.println(line);
            }
            assertEquals(STORED, line, "the child ended before storing");
            child.destroyForcibly(); // SIGKILL
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue()); // 128 + SIGKILL: killed, not exited

        List<Stored> stored = JdbcOfflineStoreTest.open(db.open()).peek("alice", 10);
        assertEquals(List.of("crash0", "crash1", "crash2"),
                stored.stream().map(s -> s.message().element().childText("body")).toList());
    }
}
