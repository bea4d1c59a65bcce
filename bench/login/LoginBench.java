// Login load driver for the login-cost comparison (method and results: bench/login/README.md): run with
//   java bench/login/LoginBench.java --server=NAME:HOST:PORT:PID_OR_PIDFILE ... [options]
// (single-file source, JDK 17+, no dependencies; bench/login-compare.sh drives it against the harness's servers).
//
// Each login: TCP to loopback, stream, STARTTLS (JSSE, trusting any certificate: benchmark only), stream
// restart, SASL (SCRAM-SHA-1 by default; SCRAM-SHA-256 or PLAIN by flag), stream restart, resource bind,
// </stream:stream>, wait for the server's close, close. N logins are started at a fixed rate R (one every
// 1/R s, at most C in flight), against one server at a time. The server's CPU is read from
// /proc/PID/stat (utime + stime) before and after the measured logins, so the figure is everything the
// server process spent while they ran, divided by the logins.
//
// The client keeps its own CPU low: SaltedPassword (PBKDF2) is cached per (mechanism, password, salt,
// iterations), so a server that keeps hashed credentials costs the client one PBKDF2 per account. Servers
// that store plaintext pick a fresh salt per login (Prosody internal_plain, ejabberd plain), so there the
// client also runs PBKDF2 per login; that is client CPU, not counted for the server.
//
// Options (defaults): --n=2000 logins measured, --rate=100 per s, --concurrency=50, --warmup=500 logins
// before measuring (not counted), --mech=SCRAM-SHA-1|SCRAM-SHA-256|PLAIN, --accounts=3000 (user1..userA,
// password pass<N>, round robin from a random start), --domain=load.test, --user=user --pass=pass,
// --resume=false (true: let JSSE resume TLS sessions, i.e. a returning client), --repeat=1 (measured rounds per server, one after the other), --settle-ms=300 (pause after the last login
// before the second CPU sample), --timeout-ms=20000 per login, --label=TEXT (printed in the tsv rows).
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

public final class LoginBench {
    static final long CLK_TCK = 100; // USER_HZ on Linux

    record Server(String name, String host, int port, String pid) {
        long processId() {
            try {
                Path p = Path.of(this.pid);
                return Long.parseLong(Files.exists(p) ? Files.readString(p).trim() : this.pid);
            } catch (IOException | NumberFormatException e) {
                throw new IllegalArgumentException(name + ": cannot read PID from " + this.pid, e);
            }
        }
    }

    record Result(int ok, int failed, double cpuS, double wallS, long[] latencyMs, String protocol, String error) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new ConcurrentHashMap<>();
        List<Server> servers = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--server=")) {
                String[] p = a.substring(9).split(":", 4);
                servers.add(new Server(p[0], p[1], Integer.parseInt(p[2]), p[3]));
            } else if (a.startsWith("--") && a.contains("=")) {
                opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (servers.isEmpty()) {
            System.err.println("usage: java LoginBench.java --server=NAME:HOST:PORT:PID_OR_PIDFILE... [options]");
            System.exit(2);
        }
        int n = Integer.parseInt(opt.getOrDefault("n", "2000"));
        double rate = Double.parseDouble(opt.getOrDefault("rate", "100"));
        int conc = Integer.parseInt(opt.getOrDefault("concurrency", "50"));
        int warm = Integer.parseInt(opt.getOrDefault("warmup", "500"));
        int repeat = Integer.parseInt(opt.getOrDefault("repeat", "1"));
        long settle = Long.parseLong(opt.getOrDefault("settle-ms", "300"));
        String label = opt.getOrDefault("label", "");
        Client client = new Client(opt.getOrDefault("mech", "SCRAM-SHA-1"), opt.getOrDefault("domain", "load.test"),
                opt.getOrDefault("user", "user"), opt.getOrDefault("pass", "pass"),
                Integer.parseInt(opt.getOrDefault("accounts", "3000")),
                Integer.parseInt(opt.getOrDefault("timeout-ms", "20000")));
        client.resume = Boolean.parseBoolean(opt.getOrDefault("resume", "false"));

        System.out.printf(Locale.ROOT, "# %s logins: n=%d rate=%.0f/s concurrency=%d warmup=%d accounts=%d, %s%n",
                client.mech, n, rate, conc, warm, client.accounts, Runtime.version());
        Map<String, List<Double>> perK = new ConcurrentHashMap<>();
        List<String> rows = new ArrayList<>();
        for (int r = 1; r <= repeat; r++) {
            for (Server s : servers) {
                if (warm > 0) {
                    Result w = run(client, s, warm, rate, conc, 0);
                    if (w.ok == 0) {
                        System.out.printf("%-18s warm-up failed: %s%n", s.name, w.error);
                        continue;
                    }
                }
                Result res = run(client, s, n, rate, conc, settle);
                double per = res.ok == 0 ? Double.NaN : res.cpuS / res.ok * 1000;
                perK.computeIfAbsent(s.name, k -> new ArrayList<>()).add(per);
                long[] lat = res.latencyMs;
                String row = String.format(Locale.ROOT,
                        "%s\t%s\t%d\t%s\t%d\t%d\t%.2f\t%.1f\t%.3f\t%d\t%d\t%s",
                        label, s.name, r, client.mech, res.ok, res.failed, res.cpuS, res.wallS, per,
                        pct(lat, 50), pct(lat, 99), res.protocol);
                rows.add(row);
                System.out.printf(Locale.ROOT,
                        "%-18s round %d: ok %d failed %d, server CPU %.2f s in %.1f s -> %.3f CPU-s per 1,000"
                                + " logins; login p50 %d ms p99 %d ms; %s%s%n",
                        s.name, r, res.ok, res.failed, res.cpuS, res.wallS, per, pct(lat, 50), pct(lat, 99),
                        res.protocol, res.error == null ? "" : "; first error: " + res.error);
            }
        }
        System.out.println();
        System.out.println("label\tserver\tround\tmech\tok\tfailed\tcpu_s\twall_s\tcpu_s_per_1000\tp50_ms\tp99_ms"
                + "\ttls");
        rows.forEach(System.out::println);
        System.out.println();
        summary(perK);
    }

    /** Median per server and the ratio of each to the best server whose name does not start with "confab". */
    static void summary(Map<String, List<Double>> perK) {
        double bestPeer = Double.NaN;
        String best = null;
        for (var e : perK.entrySet()) {
            double m = median(e.getValue());
            if (!e.getKey().startsWith("confab") && !(m >= bestPeer)) {
                bestPeer = m;
                best = e.getKey();
            }
        }
        System.out.println("summary: server, CPU-s per 1,000 logins (median [min-max] of rounds), vs better peer");
        for (var e : new java.util.TreeMap<>(perK).entrySet()) {
            List<Double> v = e.getValue();
            System.out.printf(Locale.ROOT, "  %-18s %.3f [%.3f-%.3f]  x%.2f vs %s%n", e.getKey(), median(v),
                    v.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                    v.stream().mapToDouble(d -> d).max().orElse(Double.NaN), median(v) / bestPeer, best);
        }
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(d -> d).sorted().toArray();
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2]
                : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p / 100.0))];
    }

    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
    }

    static Result run(Client client, Server s, int n, double rate, int conc, long settleMs) throws Exception {
        long pid = s.processId();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger resumed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicReference<String> protocol = new AtomicReference<>("?");
        long[] lat = new long[n];
        Arrays.fill(lat, Long.MAX_VALUE);
        Semaphore slots = new Semaphore(conc);
        ExecutorService pool = Executors.newFixedThreadPool(conc);
        long cpu0 = cpuTicks(pid);
        long t0 = System.nanoTime();
        long interval = (long) (1e9 / rate);
        for (int i = 0; i < n; i++) {
            long due = t0 + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            slots.acquire(); // at most conc in flight: a slow server makes the run longer, not wider
            int idx = i;
            pool.execute(() -> {
                long st = System.nanoTime();
                try {
                    String p = client.login(s.host, s.port);
                    protocol.set(p);
                    if (p.endsWith("RESUMED")) {
                        resumed.incrementAndGet();
                    }
                    lat[idx] = (System.nanoTime() - st) / 1_000_000;
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                } finally {
                    slots.release();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double wall = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(settleMs);
        long cpu1 = cpuTicks(pid);
        long[] sorted = Arrays.stream(lat).filter(v -> v != Long.MAX_VALUE).sorted().toArray();
        String tlsSummary = protocol.get().replaceAll(" (full|RESUMED)$", "") + ", " + resumed.get() + " resumed";
        return new Result(ok.get(), failed.get(), (cpu1 - cpu0) / (double) CLK_TCK, wall, sorted, tlsSummary,
                firstError.get());
    }

    /** One XMPP client login, reusable from many threads. */
    static final class Client {
        static final Pattern FEATURES_END = Pattern.compile("</(?:stream:)?features>|<(?:stream:)?features/>");
        static final Pattern MECH = Pattern.compile("<mechanism>([^<]+)</mechanism>");
        static final Pattern PROCEED = Pattern.compile("<proceed[^>]*/>|<failure[^>]*>");
        static final Pattern CHALLENGE = Pattern.compile(
                "<challenge[^>]*>([^<]*)</challenge>|<(success)[^>]*?(?:/>|>([^<]*)</success>)|<failure[^>]*>");
        static final Pattern SUCCESS = Pattern.compile("<success[^>]*?(?:/>|>([^<]*)</success>)|<failure[^>]*>");
        static final Pattern IQ_END = Pattern.compile("</iq>|<iq[^>]*/>");
        static final Pattern STREAM_END = Pattern.compile("</stream:stream>");
        final String mech;
        final String domain;
        final String user;
        final String pass;
        final int accounts;
        final int timeoutMs;
        final SSLContext tls;
        final SecureRandom random = new SecureRandom();
        final AtomicInteger next;
        final ThreadLocal<SSLContext> perThread;
        boolean resume;
        /** SaltedPassword-derived keys per (mechanism, password, salt, iterations). */
        final Map<String, byte[][]> keys = new ConcurrentHashMap<>();

        Client(String mech, String domain, String user, String pass, int accounts, int timeoutMs) throws Exception {
            this.mech = mech;
            this.domain = domain;
            this.user = user;
            this.pass = pass;
            this.accounts = accounts;
            this.timeoutMs = timeoutMs;
            this.next = new AtomicInteger(random.nextInt(accounts));
            TrustManager trustAll = new X509TrustManager() { // benchmark on loopback only: the peers' certs are self-signed
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
            };
            tls = context(trustAll);
            perThread = ThreadLocal.withInitial(() -> context(trustAll));
        }

        static SSLContext context(TrustManager trust) {
            try {
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(null, new TrustManager[] {trust}, null);
                return c;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** JSSE keeps a resumed session's creation time: a full handshake's session is new. */
        static boolean resumed(SSLSocket ssl, long startMillis) {
            return ssl.getSession().getCreationTime() < startMillis - 1;
        }

        /** @return the negotiated TLS protocol and cipher suite */
        String login(String host, int port) throws Exception {
            int k = Math.floorMod(next.getAndIncrement(), accounts) + 1;
            String u = user + k;
            String p = pass + k;
            long start = System.currentTimeMillis();
            try (Socket raw = new Socket()) {
                raw.setTcpNoDelay(true);
                raw.setSoTimeout(timeoutMs);
                raw.connect(new InetSocketAddress(host, port), timeoutMs);
                Io io = new Io(raw.getInputStream(), raw.getOutputStream());
                io.send(open());
                io.await(FEATURES_END);
                io.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
                if (!io.await(PROCEED).group().startsWith("<proceed")) {
                    throw new IOException("STARTTLS refused");
                }
                // A full handshake every time, as a new client: JSSE would otherwise resume the session (TLS 1.3
                // PSK from the server's ticket). Each worker thread has its own context and invalidates its
                // session after each login, so no login finds a session to resume (unless --resume=true).
                SSLContext context = resume ? tls : perThread.get();
                SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, true);
                ssl.setUseClientMode(true);
                ssl.startHandshake();
                String protocol = ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite()
                        + (resumed(ssl, start) ? " RESUMED" : " full");
                try (ssl) {
                    io = new Io(ssl.getInputStream(), ssl.getOutputStream());
                    io.send(open());
                    io.await(FEATURES_END);
                    String features = io.last;
                    List<String> mechs = new ArrayList<>();
                    for (Matcher m = MECH.matcher(features); m.find(); ) {
                        mechs.add(m.group(1));
                    }
                    if (!mechs.contains(mech)) {
                        throw new IOException(mech + " not offered: " + mechs);
                    }
                    if (mech.equals("PLAIN")) {
                        plain(io, u, p);
                    } else {
                        scram(io, u, p);
                    }
                    io.send(open());
                    io.await(FEATURES_END);
                    io.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                            + "<resource>bench</resource></bind></iq>");
                    io.await(IQ_END);
                    String iq = io.last;
                    if (!iq.contains("type='result'") && !iq.contains("type=\"result\"")) {
                        throw new IOException("bind failed: " + tail(iq));
                    }
                    io.send("</stream:stream>");
                    io.awaitOrEof(STREAM_END);
                } finally {
                    if (!resume) {
                        ssl.getSession().invalidate();
                    }
                }
                return protocol;
            }
        }

        String open() {
            return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' to='" + domain + "' version='1.0'>";
        }

        void plain(Io io, String u, String p) throws IOException {
            String msg = Base64.getEncoder().encodeToString(("\0" + u + "\0" + p).getBytes(StandardCharsets.UTF_8));
            io.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + msg + "</auth>");
            if (io.await(SUCCESS).group().startsWith("<failure")) {
                throw new IOException("PLAIN failed for " + u);
            }
        }

        void scram(Io io, String u, String p) throws Exception {
            boolean sha256 = mech.equals("SCRAM-SHA-256");
            String hmac = sha256 ? "HmacSHA256" : "HmacSHA1";
            byte[] cn = new byte[18];
            random.nextBytes(cn);
            String cnonce = Base64.getEncoder().encodeToString(cn);
            String first = "n=" + u + ",r=" + cnonce;
            io.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + mech + "'>"
                    + b64("n,," + first) + "</auth>");
            Matcher ch = io.await(CHALLENGE);
            if (ch.group(1) == null) {
                throw new IOException("SCRAM: no challenge for " + u + ": " + ch.group());
            }
            String serverFirst = new String(Base64.getDecoder().decode(ch.group(1).trim()), StandardCharsets.UTF_8);
            String nonce = null;
            String salt = null;
            int iterations = 0;
            for (String a : serverFirst.split(",")) {
                if (a.startsWith("r=")) {
                    nonce = a.substring(2);
                } else if (a.startsWith("s=")) {
                    salt = a.substring(2);
                } else if (a.startsWith("i=")) {
                    iterations = Integer.parseInt(a.substring(2));
                }
            }
            if (nonce == null || !nonce.startsWith(cnonce) || salt == null || iterations < 1) {
                throw new IOException("SCRAM: bad server-first-message " + serverFirst);
            }
            byte[] saltBytes = Base64.getDecoder().decode(salt);
            int it = iterations;
            // [clientKey, storedKey, serverKey]; a fresh salt per login (plaintext stores) is never seen again
            String key = mech + '\0' + p + '\0' + salt + '\0' + it;
            byte[][] k = keys.get(key);
            if (k == null) {
                byte[] salted = pbkdf2(hmac, p.getBytes(StandardCharsets.UTF_8), saltBytes, it);
                byte[] clientKey = hmac(hmac, salted, "Client Key");
                k = new byte[][] {clientKey, MessageDigest.getInstance(sha256 ? "SHA-256" : "SHA-1").digest(clientKey),
                        hmac(hmac, salted, "Server Key")};
                if (keys.size() < 100_000) {
                    keys.put(key, k);
                }
            }
            String finalNoProof = "c=biws,r=" + nonce;
            String authMessage = first + "," + serverFirst + "," + finalNoProof;
            byte[] sig = hmac(hmac, k[1], authMessage);
            byte[] proof = k[0].clone();
            for (int i = 0; i < proof.length; i++) {
                proof[i] ^= sig[i];
            }
            io.send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                    + b64(finalNoProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "</response>");
            Matcher m = io.await(SUCCESS);
            if (m.group().startsWith("<failure")) {
                throw new IOException(mech + " failed for " + u + ": " + tail(io.last));
            }
            String expect = "v=" + Base64.getEncoder().encodeToString(hmac(hmac, k[2], authMessage));
            String data = m.group(1) == null ? "" : new String(Base64.getDecoder().decode(m.group(1).trim()),
                    StandardCharsets.UTF_8);
            if (!data.equals(expect)) {
                throw new IOException(mech + ": bad server signature from server: " + data);
            }
        }

        static String b64(String s) {
            return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }

        static byte[] hmac(String alg, byte[] key, String data) throws Exception {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }

        static byte[] pbkdf2(String alg, byte[] password, byte[] salt, int iterations) throws Exception {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(password, alg));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] out = u.clone();
            for (int i = 1; i < iterations; i++) {
                mac.update(u);
                mac.doFinal(u, 0);
                for (int j = 0; j < out.length; j++) {
                    out[j] ^= u[j];
                }
            }
            return out;
        }

        static String tail(String s) {
            return s.length() > 300 ? s.substring(s.length() - 300) : s;
        }
    }

    /** Reads an ASCII-compatible stream until a pattern matches in what has not been consumed yet. */
    static final class Io {
        final InputStream in;
        final OutputStream out;
        final StringBuilder buf = new StringBuilder();
        final byte[] chunk = new byte[8192];
        String last = "";

        Io(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Waits for the pattern; what precedes and includes the match is consumed. */
        Matcher await(Pattern p) throws IOException {
            while (true) {
                Matcher m = p.matcher(buf);
                if (m.find()) {
                    last = buf.substring(0, m.end());
                    Matcher copy = p.matcher(last);
                    copy.find(m.start());
                    buf.delete(0, m.end());
                    return copy;
                }
                int r = in.read(chunk);
                if (r < 0) {
                    throw new IOException("connection closed while waiting for " + p + "; got: "
                            + Client.tail(buf.toString()));
                }
                buf.append(new String(chunk, 0, r, StandardCharsets.UTF_8));
            }
        }

        void awaitOrEof(Pattern p) throws IOException {
            try {
                await(p);
            } catch (IOException e) {
                if (!e.getMessage().startsWith("connection closed")) {
                    throw e;
                }
            }
        }
    }

    private LoginBench() {
    }
}
