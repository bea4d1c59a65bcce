package im.confab.itest.sinttest;

import im.confab.test.support.Distribution;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.X509TrustManager;

/**
 * Not a test: measures how often Smack's modular connection fails to connect, which is what
 * {@link ConformanceSinttestIT#MODULAR_RACE_RETRIES} works around (docs/conformance.md). It connects and
 * disconnects one connection at a time, as sinttest's low-level test does, and prints the failures by message.
 * <p>
 * Against a fresh copy of the distribution (after {@code mvn package}), from {@code bundles/itest.sinttest}:
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * java -cp target/test-classes:$(cat /tmp/cp) im.confab.itest.sinttest.ModularClientRace 200
 * </pre>
 * or against any server with STARTTLS on a loopback port (its certificate is not checked):
 * {@code ... ModularClientRace 200 15222 example.org}. The reply timeout is 2 s ({@code -Dreply=ms}).
 */
public final class ModularClientRace {
    private ModularClientRace() {
    }

    /** Kept: Smack's INFO line for every disconnect whose closing tag it lost would drown the result. */
    private static final Logger SMACK = Logger.getLogger("org.jivesoftware.smack");

    public static void main(String[] args) throws Exception {
        SMACK.setLevel(Level.WARNING);
        int count = Integer.parseInt(args[0]);
        if (args.length > 1) {
            run(count, Integer.parseInt(args[1]), args.length > 2 ? args[2] : "localhost", new TrustAll());
            return;
        }
        System.setProperty("confab.work", System.getProperty("confab.work", "target/race"));
        try (Distribution d = new Distribution("race")) {
            d.start();
            run(count, d.port, "localhost", d.trustManager());
        }
    }

    private static void run(int count, int port, String domain, X509TrustManager trust) throws Exception {
        Map<String, Integer> failures = new TreeMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ModularXmppClientToServerConnection c = new ModularXmppClientToServerConnection(
                    ModularXmppClientToServerConnectionConfiguration.builder()
                            .setXmppDomain(domain).setHost("127.0.0.1").setPort(port)
                            .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(trust)
                            .setHostnameVerifier((host, session) -> true)
                            .build());
            c.setReplyTimeout(Long.getLong("reply", 2000));
            try {
                c.connect();
            } catch (Exception e) {
                failures.merge(e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
                        .replaceAll(" \\[ModularXmpp.*", ""), 1, Integer::sum);
            } finally {
                c.disconnect();
            }
        }
        int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("%d connections to 127.0.0.1:%d, %d failed, %d s%n", count, port, failed,
                (System.nanoTime() - start) / 1_000_000_000L);
        failures.forEach((message, n) -> System.out.println(n + " x " + message));
    }

    /** For the peers' self-signed certificates: this only measures the client. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
