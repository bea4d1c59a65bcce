package im.confab.bench;

import im.confab.api.jid.Jid;
import im.confab.api.session.BindException;
import im.confab.api.session.ClientSession;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamParserFactory;
import im.confab.router.internal.BenchRouter;
import im.confab.router.internal.DomainRouter;
import im.confab.sm.internal.BenchSessionManager;
import im.confab.xml.internal.AaltoStreamParserFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Routing: a chat message from one bound local session to another, from {@code ClientSession.receive} (where
 * c2s hands over a parsed stanza) through the session manager ({@code from} stamping, the plugin pipeline), the
 * real {@code DomainRouter} and the session manager again (RFC 6121 delivery to the bare JID's available
 * resource) to the recipient's connection, which only counts. No sockets, no XML.
 *
 * <p>{@code plugins}: {@code core} is the core feature (no plugins: everything runs inline on the caller's
 * thread); {@code im} adds the im feature's plugins whose interest covers this message, registered with the
 * properties of their DS descriptors: XEP-0191 IqBlocker (preprocessor, inline), OutboundBlocker and
 * InboundBlocker (processors, each on its own queue thread) and XEP-0160 OfflineStorage (postprocessor, its
 * own queue thread; it passes, the recipient being online). With {@code im} delivery is asynchronous, so each
 * invocation sends a batch of {@value #BATCH} messages and waits until the recipient's connection has counted all
 * of them: the score is completed deliveries per second (the batch stays below the queues' 1024 limit).
 * {@code pairs} spreads the batch over that many sender-recipient pairs: the session manager keeps each
 * sender's stanzas in order (one in the pipeline at a time), so one pair measures a chain of hand-offs, and more
 * pairs let the plugin queues work in parallel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RouteBench {
    static final int BATCH = 256;
    static final String MESSAGE = "<message type='chat' id='b4f0-2219' to='bob@localhost'>"
            + "<body>Are we still on for lunch at 12:30? Café Müller — I’ll bring the slides 👍</body>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/><request xmlns='urn:xmpp:receipts'/>"
            + "<markable xmlns='urn:xmpp:chat-markers:0'/><origin-id xmlns='urn:xmpp:sid:0' id='b4f0-2219'/></message>";
    static final String PRESENCE = "<presence><show>chat</show><priority>5</priority>"
            + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im' "
            + "ver='q07IKJEyjvHSyhy//CH0CxmKi8w='/></presence>";

    @Param({"core", "im"})
    public String plugins;

    /** Sender-recipient pairs the batch is spread over, round robin (1: one conversation). */
    @Param({"1", "16"})
    public int pairs;

    private BenchSessionManager server;
    /** Shared by all senders' sessions, and by all recipients' sessions: they only count. */
    private CountingConnection aliceConnection;
    private CountingConnection bobConnection;
    private ClientSession[] alices;
    private Stanza[] messages;
    private long aliceBaseline;

    @Setup(Level.Trial)
    public void setUp() throws XmlStreamException, BindException {
        XmlStreamParserFactory xml = new AaltoStreamParserFactory();
        DomainRouter router = BenchRouter.create();
        server = new BenchSessionManager(router, "localhost");
        BenchRouter.route(router, "localhost", server.sessionManager(), 1);
        if (plugins.equals("im")) {
            ImPlugins.addTo(server);
        } else if (!plugins.equals("core")) {
            throw new IllegalArgumentException("plugins: core or im, not " + plugins);
        }
        aliceConnection = new CountingConnection();
        bobConnection = new CountingConnection();
        Stanza presence = Stanza.of(xml.parseElement(PRESENCE));
        alices = new ClientSession[pairs];
        messages = new Stanza[pairs];
        for (int i = 0; i < pairs; i++) {
            String alice = i == 0 ? "alice" : "alice" + i;
            String bob = i == 0 ? "bob" : "bob" + i;
            alices[i] = server.sessionManager().open(aliceConnection, Jid.parse(alice + "@localhost"), "phone");
            ClientSession b = server.sessionManager().open(bobConnection, Jid.parse(bob + "@localhost"), "laptop");
            alices[i].receive(presence);
            b.receive(presence);
            messages[i] = Stanza.of(xml.parseElement(MESSAGE.replace("'bob@", "'" + bob + "@")));
        }
        // each gets its own presence back (RFC 6121 4.2.2), through the plugin threads with im
        aliceConnection.awaitCount(pairs, 10_000);
        bobConnection.awaitCount(pairs, 10_000);

        // one message end to end, checked, before anything is timed
        alices[0].receive(messages[0]);
        bobConnection.awaitCount(pairs + 1, 10_000);
        Stanza got = bobConnection.last;
        if (!Jid.parse("alice@localhost/phone").equals(got.from()) || !Jid.parse("bob@localhost").equals(got.to())
                || !got.toXml().contains("<body>Are we")) {
            throw new IllegalStateException("unexpected delivery: " + got);
        }
        aliceBaseline = aliceConnection.count();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long extra = aliceConnection.count() - aliceBaseline;
        server.close();
        if (extra != 0) { // an error bounced to the sender (e.g. resource-constraint from a full queue)
            throw new IllegalStateException("the sender got " + extra + " stanzas back, last: " + aliceConnection.last);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void chatToBareJid() {
        long target = bobConnection.count() + BATCH;
        ClientSession[] from = alices;
        Stanza[] m = messages;
        for (int i = 0; i < BATCH; i++) {
            int p = i % from.length;
            from[p].receive(m[p]);
        }
        bobConnection.awaitCount(target, 10_000);
    }
}
