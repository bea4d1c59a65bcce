package im.confab.bench;

import im.confab.api.jid.Jid;
import im.confab.api.session.BindException;
import im.confab.api.session.ClientSession;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamParserFactory;
import im.confab.router.internal.BenchRouter;
import im.confab.router.internal.DomainRouter;
import im.confab.sm.internal.BenchSessionManager;
import im.confab.sm.internal.BenchSessionManager.Stage;
import im.confab.sm.presence.internal.PresenceBroadcaster;
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
 * Presence fan-out, the path of the Tsung presence scenario without its sockets: an available presence from a
 * bound, available resource ({@code alice@localhost/phone}) whose roster has {@value #CONTACTS} contacts with
 * subscription {@code both}, each online with one available resource. From {@code ClientSession.receive} through
 * the session manager (the FROM_CLIENT pipeline, where the presence plugin's {@code PresenceBroadcaster}, an
 * inline processor, makes one copy per subscriber), the real {@code DomainRouter}, the session manager again for
 * each copy (sequencing per sender, the TO_LOCAL pipeline, RFC 6121 delivery to the bare JID's available
 * resources), and the sender's own resource (4.2.2), to connections that serialise each stanza as c2s does before
 * its write ({@code toXml}) and count. The roster comes from a store that holds it in memory, as store.jdbc's
 * cache does once read.
 *
 * <p>The score is deliveries per second: each invocation sends {@value #BATCH} broadcasts and waits until all
 * their {@code BATCH * (CONTACTS + 1)} copies were counted. {@code plugins}: {@code presence} is the presence
 * plugin alone; {@code im} adds the im feature's blocking (XEP-0191) and offline (XEP-0160) plugins, registered
 * as in {@link RouteBench}: each copy then meets those whose interest covers presence, as in the distribution.
 * The PEP plugin (XEP-0163), which the distribution also runs, is left out: it would answer the caps in the
 * presence with a disco#info query of its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FanOutBench {
    static final int BATCH = 64;
    static final String PRESENCE = "<presence><show>away</show><status>In a meeting until 3 — Café Müller</status>"
            + "<priority>5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
            + "node='https://conversations.im' ver='q07IKJEyjvHSyhy//CH0CxmKi8w='/></presence>";

    @Param({"presence", "im"})
    public String plugins;

    /** The sender's subscribers, as in Tsung's presence scenario (k=10). */
    static final int CONTACTS = 10;

    private BenchSessionManager server;
    private CountingConnection aliceConnection;
    private CountingConnection contactConnection;
    private ClientSession alice;
    private Stanza presence;

    @Setup(Level.Trial)
    public void setUp() throws XmlStreamException, BindException {
        XmlStreamParserFactory xml = new AaltoStreamParserFactory();
        DomainRouter router = BenchRouter.create();
        server = new BenchSessionManager(router, "localhost");
        BenchRouter.route(router, "localhost", server.sessionManager(), 1);
        CachedRosterStore rosters = new CachedRosterStore();
        for (int i = 0; i < CONTACTS; i++) {
            rosters.add("alice", "bob" + i + "@localhost", Subscription.both);
            rosters.add("bob" + i, "alice@localhost", Subscription.both);
        }
        server.addPlugin(Stage.PROCESSOR, new PresenceBroadcaster(rosters, server.api()),
                Descriptors.properties("im.confab.sm.presence.internal.PresenceBroadcaster"));
        if (plugins.equals("im")) {
            ImPlugins.addTo(server);
        } else if (!plugins.equals("presence")) {
            throw new IllegalArgumentException("plugins: presence or im, not " + plugins);
        }
        aliceConnection = new CountingConnection(true);
        contactConnection = new CountingConnection(true);
        presence = Stanza.of(xml.parseElement(PRESENCE));
        ClientSession[] bobs = new ClientSession[CONTACTS];
        for (int i = 0; i < CONTACTS; i++) {
            bobs[i] = server.sessionManager().open(contactConnection, Jid.parse("bob" + i + "@localhost"), "laptop");
        }
        alice = server.sessionManager().open(aliceConnection, Jid.parse("alice@localhost"), "phone");
        // every contact comes online first (each gets its own presence back), then alice: her initial presence
        // reaches every contact, and herself
        for (ClientSession b : bobs) {
            b.receive(presence);
        }
        contactConnection.awaitCount(CONTACTS, 10_000);
        alice.receive(presence);
        aliceConnection.awaitCount(1, 10_000);
        contactConnection.awaitCount(2L * CONTACTS, 10_000);

        // one broadcast end to end, checked, before anything is timed
        long before = contactConnection.count();
        alice.receive(presence);
        contactConnection.awaitCount(before + CONTACTS, 10_000);
        aliceConnection.awaitCount(2, 10_000);
        Stanza got = contactConnection.last;
        if (!Jid.parse("alice@localhost/phone").equals(got.from()) || got.to() == null
                || !got.to().local().startsWith("bob") || !got.toXml().contains("<status>In a meeting")) {
            throw new IllegalStateException("unexpected delivery: " + got);
        }
        Stanza own = aliceConnection.last;
        if (!Jid.parse("alice@localhost/phone").equals(own.to())) {
            throw new IllegalStateException("the sender's own copy is not addressed to it: " + own);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH * (CONTACTS + 1))
    public void presenceBroadcast() {
        long contactTarget = contactConnection.count() + (long) BATCH * CONTACTS;
        long ownTarget = aliceConnection.count() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            alice.receive(presence);
        }
        contactConnection.awaitCount(contactTarget, 10_000);
        aliceConnection.awaitCount(ownTarget, 10_000);
    }
}
