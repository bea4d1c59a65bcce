package im.confab.itest.sinttest;

import im.confab.test.support.Distribution;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;

import java.nio.file.Path;

/**
 * One sinttest run of one test against a running distribution, in a JVM of its own: how
 * {@link ConformanceSinttestIT} runs a test again after a failure that is the client's or the suite's own
 * (docs/conformance.md). A JVM of its own because Smack's NIO reactor is a static singleton whose threads a lost
 * race can kill, and nothing in Smack starts them again; and fresh accounts, so nothing an earlier class left
 * behind is met again. Arguments: port, keystore, reply timeout (ms), test ({@code Class.method}). The last line
 * printed is {@code RESULT PASSED}, {@code RESULT RACE reason} (Smack's modular-connection race again) or
 * {@code RESULT FAILED reason}, and the exit status is 0, 3 or 1 accordingly.
 */
public final class SingleTestRun {
    private SingleTestRun() {
    }

    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int RACE = 3;

    public static void main(String[] args) {
        int status;
        try {
            status = run(Integer.parseInt(args[0]), Path.of(args[1]), args[2], args[3]);
        } catch (Throwable t) {
            System.out.println("RESULT FAILED " + ConformanceSinttestIT.oneLine(t));
            status = FAILED;
        }
        System.out.flush();
        System.exit(status); // Smack's reactor and timer threads would keep the JVM alive
    }

    private static int run(int port, Path keystore, String replyTimeout, String test) throws Exception {
        LoopbackDescriptors.use(port, Distribution.trustManager(keystore));
        Configuration config = Configuration.builder()
                .setService("localhost")
                .setSecurityMode("required")
                .setReplyTimeout(replyTimeout)
                .setDefaultConnection("tcp")
                .setEnabledConnections("tcp")
                .setEnabledTests(test)
                .build();
        TestRunResult r = new SmackIntegrationTestFramework(config).run();
        if (r.getFailedTests().isEmpty() && r.getSuccessfulTests().size() == 1) {
            System.out.println("RESULT PASSED");
            return PASSED;
        }
        if (r.getFailedTests().isEmpty()) {
            System.out.println("RESULT FAILED " + r.getSuccessfulTests().size() + " passed, "
                    + r.getNotPossibleTests().size() + " not possible, "
                    + r.getImpossibleTestClasses().size() + " impossible classes");
            return FAILED;
        }
        FailedTest f = r.getFailedTests().get(0);
        boolean race = r.getFailedTests().stream().allMatch(ConformanceSinttestIT::isModularRace);
        System.out.println("RESULT " + (race ? "RACE " : "FAILED ") + ConformanceSinttestIT.oneLine(f.failureReason));
        return race ? RACE : FAILED;
    }
}
