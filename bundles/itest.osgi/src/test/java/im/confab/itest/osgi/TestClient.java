package im.confab.itest.osgi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import im.confab.api.jid.Jid;
import im.confab.api.session.BindException;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.ConnectionInfo;
import im.confab.api.session.SessionManager;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StreamError;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;

/**
 * A client connection in the test's hands, bound through {@link SessionManager#open}: what the server delivers
 * is collected (iq answers by id, server pings apart), {@code close} is recorded and ends the session as c2s
 * would. Optionally answers server pings, asynchronously as a real client on the other end of a socket does.
 */
final class TestClient implements ClientConnection {
    static final String PING = "urn:xmpp:ping";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final Jid SERVER = Jid.domain("localhost");

    /** A server ping as received, with the time it came. */
    record Received(Stanza stanza, long nanos) {
    }

    private final Map<String, Stanza> answers = new ConcurrentHashMap<>();
    private final List<String> answerOrder = new CopyOnWriteArrayList<>();
    private final List<Received> serverPings = new CopyOnWriteArrayList<>();
    private final List<Stanza> other = new CopyOnWriteArrayList<>();
    private final AtomicReference<StreamError.Condition> closed = new AtomicReference<>();
    private final AtomicLong closes = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix;
    private final ExecutorService answerer;
    private volatile long lastSentNanos = System.nanoTime();
    private volatile long closedNanos;
    private volatile ClientSession session;

    private TestClient(String idPrefix, boolean answerPings) {
        this.idPrefix = idPrefix;
        this.answerer = answerPings ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-client-" + idPrefix);
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Binds {@code account/resource} with a new test connection. */
    static TestClient open(SessionManager sm, String account, String resource, boolean answerServerPings)
            throws BindException {
        TestClient c = new TestClient(resource, answerServerPings);
        c.session = sm.open(c, Jid.parse(account), resource);
        return c;
    }

    ClientSession session() {
        return session;
    }

    /** The client sends a stanza (no 'from': the server stamps it). */
    void send(Stanza s) {
        lastSentNanos = System.nanoTime();
        session.receive(s);
    }

    /** Sends an iq get with this payload to the server; returns its id. */
    String get(XmlElement payload) {
        String id = idPrefix + "-" + ids.incrementAndGet();
        send(Stanza.iq("get").id(id).to(SERVER).child(payload).build());
        return id;
    }

    String ping() {
        return get(XmlElement.of("ping", PING));
    }

    String discoInfo() {
        return get(XmlElement.of("query", DISCO_INFO));
    }

    /** @return the answer (result or error) to the iq with this id, or null */
    Stanza answer(String id) {
        return answers.get(id);
    }

    /** Waits (bounded) for the answer to an iq. */
    Stanza awaitAnswer(String id, long timeoutMs) throws InterruptedException {
        return Poll.until("answer to iq " + id, timeoutMs, () -> answers.get(id),
                () -> "closed=" + closed.get() + ", other stanzas: " + other);
    }

    int answerCount() {
        return answers.size();
    }

    Map<String, Stanza> answers() {
        return Map.copyOf(answers);
    }

    /** @return the ids of the iq answers in the order they were delivered */
    List<String> answerOrder() {
        return List.copyOf(answerOrder);
    }

    List<Received> serverPings() {
        return List.copyOf(serverPings);
    }

    /** @return the condition of the first close, or null while open */
    StreamError.Condition closed() {
        return closed.get();
    }

    long closedNanos() {
        return closedNanos;
    }

    long closes() {
        return closes.get();
    }

    /** Ends the session (if the server did not close it) and stops the answering thread. */
    void shutdown() throws InterruptedException {
        if (answerer != null) {
            answerer.shutdownNow();
            answerer.awaitTermination(5, TimeUnit.SECONDS);
        }
        ClientSession s = session;
        if (s != null) {
            s.end();
        }
    }

    // ---- ClientConnection (called by the server, on its threads: must not block)

    @Override
    public void deliver(Stanza stanza) {
        if (stanza.isIq() && !stanza.isIqRequest() && stanza.id() != null) {
            answers.put(stanza.id(), stanza);
            answerOrder.add(stanza.id());
        } else if (stanza.isIqRequest() && stanza.payload() != null && stanza.payload().is("ping", PING)) {
            serverPings.add(new Received(stanza, System.nanoTime()));
            if (answerer != null) {
                answerer.execute(() -> send(stanza.resultReply())); // from our full JID to the server
            }
        } else {
            other.add(stanza);
        }
    }

    @Override
    public void close(StreamError.Condition condition, String text) {
        closes.incrementAndGet();
        if (closed.compareAndSet(null, condition)) {
            closedNanos = System.nanoTime();
        }
        ClientSession s = session;
        if (s != null) {
            s.end(); // as c2s does when its stream ends
        }
    }

    @Override
    public ConnectionInfo info() {
        return new ConnectionInfo("test", "in-vm", null, Instant.now());
    }

    @Override
    public long idleMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSentNanos);
    }

    // ---- reading answers

    /** @return the stanza error condition element of an error answer, e.g. {@code service-unavailable}, or null */
    static String errorCondition(Stanza answer) {
        XmlElement error = answer.element().child("error", Xml.JABBER_CLIENT);
        if (error == null) {
            return null;
        }
        return error.elements().stream().filter(e -> Xml.XMPP_STANZAS.equals(e.namespace()))
                .map(XmlElement::name).filter(n -> !n.equals("text")).findFirst().orElse(null);
    }

    /** @return the {@code var}s of the features of a disco#info result */
    static List<String> discoFeatures(Stanza result) {
        XmlElement query = result.element().child("query", DISCO_INFO);
        if (query == null) {
            return List.of();
        }
        return query.elements().stream().filter(e -> e.is("feature", DISCO_INFO)).map(e -> e.attribute("var"))
                .collect(Collectors.toList());
    }
}
