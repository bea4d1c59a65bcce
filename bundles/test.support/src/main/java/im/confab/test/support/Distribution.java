package im.confab.test.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A copy of the assembled distribution in its own folder, started as a separate process with
 * {@code bin/confab --no-shell} on free loopback ports, driven with {@code bin/confabctl}.
 */
public final class Distribution implements AutoCloseable {
    /** The copy's folder. */
    public final Path home;
    /** The STARTTLS port. */
    public final int port;
    /** The direct TLS port. */
    public final int directTlsPort;
    private Process process;

    public Distribution(String name) throws IOException {
        Path dist = Path.of(System.getProperty("confab.dist", "../../launcher/target/confab")).toAbsolutePath();
        if (!Files.isExecutable(dist.resolve("bin/confab"))) {
            throw new IllegalStateException("no assembled distribution at " + dist + ": run mvn package first");
        }
        home = Path.of(System.getProperty("confab.work", "target/e2e")).toAbsolutePath().resolve(name);
        deleteTree(home);
        copyTree(dist, home);
        port = freePort();
        directTlsPort = freePort();
        Files.writeString(home.resolve("conf/xmpp.c2s.cfg"), "# written by the end-to-end tests\n"
                + "bind.address=127.0.0.1\nport=" + port + "\ndirect.tls.port=" + directTlsPort + "\n");
        usePostgresWhenAsked(name);
    }

    /**
     * With CONFAB_E2E_STORE=postgres (and the CONFAB_TEST_PG_* variables of .ci/pg-setup.sh), the distribution
     * stores in PostgreSQL instead of the embedded H2 file: a fresh schema per distribution, so that the same
     * tests run against both stores.
     */
    private void usePostgresWhenAsked(String name) throws IOException {
        if (!"postgres".equals(System.getenv("CONFAB_E2E_STORE"))) {
            return;
        }
        String url = System.getenv("CONFAB_TEST_PG_URL");
        String user = System.getenv("CONFAB_TEST_PG_USER");
        String password = System.getenv("CONFAB_TEST_PG_PASSWORD");
        if (url == null || user == null || password == null) {
            throw new IllegalStateException("CONFAB_E2E_STORE=postgres needs CONFAB_TEST_PG_URL, _USER and _PASSWORD "
                    + "(eval \"$(bash .ci/pg-setup.sh)\")");
        }
        String schema = "e2e_" + name.replaceAll("[^a-z0-9]", "_");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, user, password);
             java.sql.Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot prepare schema " + schema + " in " + url + ": " + e.getMessage(), e);
        }
        Files.writeString(home.resolve("conf/xmpp.store.jdbc.cfg"), "# written by the end-to-end tests\n"
                + "url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "\n"
                + "user=" + user + "\npassword=" + password + "\n");
    }

    /** Writes a configuration file (PID.cfg) of the copy, before {@link #start()}. */
    public Distribution conf(String pid, String content) throws IOException {
        Files.writeString(home.resolve("conf/" + pid + ".cfg"), "# written by the tests\n" + content);
        return this;
    }

    public Distribution start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/confab").toString(), "--no-shell")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("server.log").toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        // every network buffer tracked: a leak is reported (close() fails the test) once its buffer is collected
        String opts = System.getenv().getOrDefault("JAVA_OPTS", "");
        pb.environment().put("JAVA_OPTS", (opts + " -Dio.netty.leakDetection.level=paranoid").trim());
        process = pb.start();
        process.getOutputStream().close(); // stdin closed: the server must keep running as a daemon
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + log());
            }
            if (accepts(port) && accepts(directTlsPort) && Files.exists(keystore())
                    && ctl("confab:users").status() == 0) { // the account store is up too
                return this;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server did not listen within 60 s:\n" + log());
    }

    private static boolean accepts(int p) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", p), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code bin/confabctl} with the arguments; returns exit status and output. */
    public Result ctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/confabctl").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("confabctl " + cmd + " hung");
        }
        return new Result(p.exitValue(), out);
    }

    public record Result(int status, String output) {
    }

    public Path keystore() {
        return home.resolve("data/tls/server.p12");
    }

    /** A trust manager trusting exactly the server's generated self-signed certificate. */
    public javax.net.ssl.X509TrustManager trustManager() throws Exception {
        return (javax.net.ssl.X509TrustManager) trustManagers()[0];
    }

    /** A client context trusting exactly the server's generated self-signed certificate. */
    public SSLContext clientTls() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustManagers(), null);
        return ctx;
    }

    /**
     * A trust manager trusting exactly the certificates of a distribution's keystore, for a client in another
     * process than the one that started the distribution.
     */
    public static javax.net.ssl.X509TrustManager trustManager(Path keystore) throws Exception {
        return (javax.net.ssl.X509TrustManager) trustManagers(keystore)[0];
    }

    private javax.net.ssl.TrustManager[] trustManagers() throws Exception {
        return trustManagers(keystore());
    }

    private static javax.net.ssl.TrustManager[] trustManagers(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (String alias : java.util.Collections.list(ks.aliases())) {
            trust.setCertificateEntry(alias, ks.getCertificate(alias));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    public String log() {
        try {
            return Files.readString(home.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, as a service manager stops it; returns the exit status. */
    public int stop(Duration timeout) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return process == null ? -1 : process.exitValue();
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("server did not stop within " + timeout + " after SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, nothing flushed that was not already on disk. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Waits (bounded) until the condition holds. */
    public static void await(String what, long seconds, java.util.function.BooleanSupplier condition)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops the server; fails if its log reports a leaked network buffer (Netty's "LEAK:" lines). */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        String log = process == null ? "" : log();
        int leak = log.indexOf("LEAK: ");
        if (leak >= 0) {
            throw new AssertionError("the server leaked a network buffer (" + home.resolve("server.log") + "):\n"
                    + log.substring(Math.max(0, log.lastIndexOf('\n', leak)), Math.min(log.length(), leak + 4000)));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!from.relativize(p).startsWith("data")) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.createDirectories(to.resolve("data"));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }
}
