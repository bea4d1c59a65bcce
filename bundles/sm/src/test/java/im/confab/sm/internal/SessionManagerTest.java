package im.confab.sm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.router.Router;
import im.confab.api.session.BindException;
import im.confab.api.session.ClientConnection;
import im.confab.api.session.ClientSession;
import im.confab.api.session.ConnectionInfo;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError;
import im.confab.api.stanza.StreamError;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

class SessionManagerTest {
    static final class Conn implements ClientConnection {
        final List<Stanza> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        StreamError.Condition closedWith;

        @Override
        public void deliver(Stanza stanza) {
            got.add(stanza);
        }

        @Override
        public void close(StreamError.Condition condition, String text) {
            closedWith = condition;
        }

        @Override
        public ConnectionInfo info() {
            return new ConnectionInfo("test", "127.0.0.1:1", "TLSv1.3", Instant.now());
        }

        @Override
        public long idleMillis() {
            return 0;
        }

        Stanza last() {
            return got.get(got.size() - 1);
        }
    }

    static SmConfig config(SmConfig.Conflict conflict, int max) {
        return new SmConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SmConfig.class;
            }

            @Override
            public String[] xmpp_domain() {
                return new String[] {"localhost"};
            }

            @Override
            public Conflict resource_conflict() {
                return conflict;
            }

            @Override
            public int max_sessions_per_account() {
                return max;
            }
        };
    }

    /** A router whose only route is the session manager under test. */
    static final class LoopRouter implements Router {
        SessionManagerImpl sm;
        final List<Stanza> elsewhere = new ArrayList<>();

        @Override
        public void route(Stanza stanza) {
            if (sm.servesDomain(stanza.to().domain())) {
                sm.receive(stanza);
            } else {
                elsewhere.add(stanza);
            }
        }
    }

    LoopRouter router;
    SessionManagerImpl sm;
    SharedTimer timer;
    PluginTracker plugins;

    @BeforeEach
    void setUp() {
        router = new LoopRouter();
        timer = new SharedTimer();
        plugins = new PluginTracker(timer, 2000, 100);
        sm = newSm(SmConfig.Conflict.kick_old, 4);
        router.sm = sm;
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        plugins.deactivate();
        timer.deactivate();
    }

    IqTracker iqs;

    SessionManagerImpl newSm(SmConfig.Conflict conflict, int max) {
        iqs = new IqTracker(router, timer);
        return new SessionManagerImpl(null, router, plugins.pipeline, iqs, config(conflict, max));
    }

    /** Waits for work on plugin threads (bounded: fails after 5 s). */
    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }

    static Slot processor(long id, StanzaHandler h, Map<String, Object> props) {
        Map<String, Object> p = new java.util.HashMap<>(props);
        p.put("service.id", id);
        return new Slot(Slot.Stage.PROCESSOR, p, null, () -> h);
    }

    static Jid jid(String s) {
        return Jid.parse(s);
    }

    ClientSession online(Conn c, String account, String resource, int priority) throws BindException {
        ClientSession s = sm.open(c, jid(account), resource);
        s.receive(Stanza.presence().child(XmlElement.builder("priority", "jabber:client")
                .text(Integer.toString(priority)).build()).build());
        return s;
    }

    static Stanza chat(String to, String body) {
        return Stanza.message().type("chat").to(jid(to)).body(body).build();
    }

    @Test
    void stampsFromAndDeliversToFullJid() throws Exception {
        Conn a = new Conn();
        Conn b = new Conn();
        ClientSession sa = online(a, "alice@localhost", "phone", 0);
        online(b, "bob@localhost", "pc", 0);
        b.got.clear();
        sa.receive(chat("bob@localhost/pc", "hi"));
        assertEquals(1, b.got.size());
        assertEquals(jid("alice@localhost/phone"), b.last().from());
        assertEquals("hi", b.last().element().childText("body"));
    }

    @Test
    void bareJidGoesToAllHighestPriorityResourcesOnly() throws Exception {
        Conn a = new Conn();
        Conn b1 = new Conn();
        Conn b2 = new Conn();
        Conn b3 = new Conn();
        Conn b4 = new Conn();
        ClientSession sa = online(a, "alice@localhost", "x", 0);
        online(b1, "bob@localhost", "one", 5);
        online(b2, "bob@localhost", "two", 5);
        online(b3, "bob@localhost", "three", 1);
        sm.open(b4, jid("bob@localhost"), "nopresence"); // bound but never sent presence: not available
        for (Conn c : List.of(b1, b2, b3, b4)) {
            c.got.clear();
        }
        sa.receive(chat("bob@localhost", "hello"));
        assertEquals(1, b1.got.size());
        assertEquals(1, b2.got.size());
        assertEquals(0, b3.got.size());
        assertEquals(0, b4.got.size());
    }

    @Test
    void negativePriorityOrNoSessionAnswersServiceUnavailable() throws Exception {
        Conn a = new Conn();
        Conn b = new Conn();
        ClientSession sa = online(a, "alice@localhost", "x", 0);
        online(b, "bob@localhost", "y", -1);
        a.got.clear();
        sa.receive(chat("bob@localhost", "anyone?"));
        sa.receive(chat("carol@localhost", "anyone?"));
        assertEquals(0, b.got.stream().filter(s -> s.kind().name().equals("MESSAGE")).count());
        assertEquals(2, a.got.size());
        assertTrue(a.got.get(0).isError());
        assertTrue(a.got.get(0).toXml().contains("service-unavailable"));
    }

    @Test
    void messageToUnknownFullJidFallsBackToBareJid() throws Exception {
        Conn a = new Conn();
        Conn b = new Conn();
        ClientSession sa = online(a, "alice@localhost", "x", 0);
        online(b, "bob@localhost", "y", 0);
        b.got.clear();
        sa.receive(chat("bob@localhost/gone", "there?"));
        assertEquals(1, b.got.size());
    }

    @Test
    void iqWithoutHandlerGetsServiceUnavailableAndHandlersAreDispatchedByKey() throws Exception {
        Conn a = new Conn();
        ClientSession sa = online(a, "alice@localhost", "x", 0);
        a.got.clear();
        Stanza ping = Stanza.iq("get").id("1").to(jid("localhost"))
                .child(XmlElement.of("ping", "urn:xmpp:ping")).build();
        sa.receive(ping);
        assertEquals("error", a.last().type());
        assertTrue(a.last().toXml().contains("service-unavailable"));

        StanzaHandler pong = (iq, ctx) -> {
            ctx.send(iq.resultReply());
            return Outcome.HANDLED;
        };
        Map<String, Object> props = Map.of("xmpp.iq.namespace", "urn:xmpp:ping", "xmpp.iq.element", "ping",
                "xmpp.iq.type", new String[] {"get"});
        plugins.add(processor(7, pong, props));
        sa.receive(ping);
        await(() -> a.got.size() == 2);
        assertEquals("result", a.last().type());
        assertEquals("1", a.last().id());
        // an iq without 'to' is for the account: answered on its behalf by the same handler
        sa.receive(Stanza.iq("get").id("2").child(XmlElement.of("ping", "urn:xmpp:ping")).build());
        await(() -> a.got.size() == 3);
        assertEquals("result", a.last().type());
        assertEquals(jid("alice@localhost"), a.last().from());

        plugins.uninstalled(-1); // nothing held yet: no effect
        plugins.remove(7);
        plugins.uninstalled(-1); // the plugin's bundle is gone for good: no holding
        sa.receive(ping);
        await(() -> a.got.size() == 4);
        assertEquals("error", a.last().type());
    }

    /** A processor of normal messages that passes each one only once the returned latch opens (bounded: 5 s). */
    CountDownLatch slowNormalMessages() {
        CountDownLatch slow = new CountDownLatch(1);
        StanzaHandler slowMessages = (m, ctx) -> {
            try {
                slow.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.PASS;
        };
        plugins.add(processor(9, slowMessages, Map.of("xmpp.message.type", new String[] {"normal"})));
        return slow;
    }

    @Test
    void aSendersStanzasArriveInOrderWhenOnlySomeWaitInAPluginQueue() throws Exception {
        // RFC 6120 10.1: a message that waits in a (slow) message processor's queue is not overtaken by the
        // sender's next stanza that no plugin wants (sinttest's IoT read-out sends the data, then the iq result)
        CountDownLatch slow = slowNormalMessages();
        Conn a = new Conn();
        Conn b = new Conn();
        ClientSession sa = online(a, "alice@localhost", "x", 0);
        online(b, "bob@localhost", "y", 0);
        b.got.clear();
        sa.receive(Stanza.message().id("data").to(jid("bob@localhost/y"))
                .child(XmlElement.of("fields", "urn:xmpp:iot:sensordata")).build());
        sa.receive(Stanza.iq("result").id("answer").to(jid("bob@localhost/y")).build());
        sa.receive(Stanza.message().type("chat").id("third").to(jid("bob@localhost/y")).body("3").build());
        Thread.sleep(50);
        assertEquals(List.of(), b.got, "nothing overtakes the waiting message");
        slow.countDown();
        await(() -> b.got.size() == 3);
        assertEquals(List.of("data", "answer", "third"), b.got.stream().map(Stanza::id).toList());
    }

    @Test
    void theAnswerToARequestSentOnAnAccountsBehalfCompletesItAndGoesNoFurther() throws Exception {
        Conn a = new Conn();
        Conn b = new Conn();
        ClientSession sa = online(a, "alice@localhost", "x", 0);
        ClientSession sb = online(b, "alice@localhost", "y", 0);
        a.got.clear();
        b.got.clear();
        // a roster push comes from the account's bare JID, and its answer goes there
        java.util.concurrent.CompletableFuture<Stanza> answered = iqs.request(Stanza.iq("set").id("push-1")
                .from(jid("alice@localhost")).to(jid("alice@localhost/x"))
                .child(XmlElement.of("query", "jabber:iq:roster")).build(), 5, TimeUnit.SECONDS)
                .toCompletableFuture();
        await(() -> a.got.size() == 1);
        assertEquals("push-1", a.got.get(0).id());
        assertFalse(answered.isDone());

        sb.receive(Stanza.iq("result").id("push-1").to(jid("alice@localhost")).build());
        Thread.sleep(50);
        assertFalse(answered.isDone(), "an answer from another resource is not the awaited one");
        sa.receive(Stanza.iq("result").id("push-1").to(jid("alice@localhost")).build());
        assertEquals("alice@localhost/x", answered.get(5, TimeUnit.SECONDS).from().toString());
        assertEquals(0, iqs.pending());
        Thread.sleep(50);
        assertEquals(List.of("push-1"), a.got.stream().map(Stanza::id).toList(), "nothing delivered to the resources");
        assertEquals(List.of(), b.got);
    }

    @Test
    void aServersStanzasKeepTheirOrderPerAccountAndOneWaitingHoldsUpNoOtherAccount() throws Exception {
        // the server sends to everybody (pings, notices): a message in a slow plugin's queue for alice must not
        // hold up bob's ping, and what the server sends alice afterwards still arrives after it
        CountDownLatch slow = slowNormalMessages();
        Conn a = new Conn();
        Conn b = new Conn();
        online(a, "alice@localhost", "x", 0);
        online(b, "bob@localhost", "y", 0);
        a.got.clear();
        b.got.clear();
        Jid server = jid("localhost");
        sm.receive(Stanza.message().id("notice").from(server).to(jid("alice@localhost")).body("n").build());
        sm.receive(Stanza.iq("get").id("ping-a").from(server).to(jid("alice@localhost/x"))
                .child(XmlElement.of("ping", "urn:xmpp:ping")).build());
        sm.receive(Stanza.iq("get").id("ping-b").from(server).to(jid("bob@localhost/y"))
                .child(XmlElement.of("ping", "urn:xmpp:ping")).build());
        await(() -> b.got.size() == 1);
        assertEquals("ping-b", b.got.get(0).id());
        assertEquals(List.of(), a.got, "alice's ping waits for the notice before it");
        slow.countDown();
        await(() -> a.got.size() == 2);
        assertEquals(List.of("notice", "ping-a"), a.got.stream().map(Stanza::id).toList());
    }

    @Test
    void aTrackedStanzaCompletesOnceTheRecipientsPluginsAreDoneWithIt() throws Exception {
        // the result of a roster removal waits so for the contact's side (the plugins run on parallel queues)
        CountDownLatch contactSide = new CountDownLatch(1);
        StanzaHandler slowInbound = (p, ctx) -> {
            try {
                contactSide.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.HANDLED;
        };
        var local = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Void>>();
        var remote = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Void>>();
        StanzaHandler sender = (iq, ctx) -> {
            local.set(ctx.sendTracked(Stanza.presence().type("unsubscribed").from(jid("alice@localhost"))
                    .to(jid("bob@localhost")).build()).toCompletableFuture());
            remote.set(ctx.sendTracked(Stanza.presence().type("unsubscribed").from(jid("alice@localhost"))
                    .to(jid("carol@elsewhere.example")).build()).toCompletableFuture());
            return Outcome.HANDLED;
        };
        plugins.add(processor(11, slowInbound, Map.of("xmpp.presence.type", new String[] {"unsubscribed"})));
        plugins.add(processor(12, sender, Map.of("xmpp.iq.namespace", "urn:test:tracked", "xmpp.iq.element", "q")));
        Conn a = new Conn();
        ClientSession sa = online(a, "alice@localhost", "x", 0);
        sa.receive(Stanza.iq("set").id("t").to(jid("localhost")).child(XmlElement.of("q", "urn:test:tracked")).build());
        await(() -> local.get() != null && remote.get() != null);
        assertTrue(remote.get().isDone(), "another component's stanza is done once routed");
        assertEquals(1, router.elsewhere.size());
        Thread.sleep(50);
        assertTrue(!local.get().isDone(), "not done while the recipient's plugin still has it");
        contactSide.countDown();
        local.get().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void spoofedFromClosesTheStream() throws Exception {
        Conn a = new Conn();
        ClientSession sa = online(a, "alice@localhost", "x", 0);
        sa.receive(Stanza.message().from(jid("bob@localhost/y")).to(jid("carol@localhost")).body("x").build());
        assertEquals(StreamError.Condition.INVALID_FROM, a.closedWith);
    }

    @Test
    void resourceConflictKicksTheOldSession() throws Exception {
        Conn first = new Conn();
        Conn second = new Conn();
        ClientSession s1 = online(first, "alice@localhost", "same", 0);
        ClientSession s2 = online(second, "alice@localhost", "same", 0);
        assertEquals(StreamError.Condition.CONFLICT, first.closedWith);
        assertEquals(s1.jid(), s2.jid());
        assertEquals(1, sm.sessions(jid("alice@localhost")).size());
        s1.end(); // the old connection closing later must not remove the new session
        assertEquals(1, sm.sessions(jid("alice@localhost")).size());
    }

    @Test
    void refusePolicyAndGeneratedResourcesAndLimits() throws Exception {
        SessionManagerImpl strict = newSm(SmConfig.Conflict.refuse, 3);
        strict.open(new Conn(), jid("alice@localhost"), "r");
        BindException e = assertThrows(BindException.class, () -> strict.open(new Conn(), jid("alice@localhost"), "r"));
        assertEquals(StanzaError.Condition.CONFLICT, e.condition());
        ClientSession g = strict.open(new Conn(), jid("alice@localhost"), null);
        assertTrue(g.jid().resource().startsWith("confab-"));
        strict.open(new Conn(), jid("alice@localhost"), "third");
        assertEquals(StanzaError.Condition.RESOURCE_CONSTRAINT,
                assertThrows(BindException.class, () -> strict.open(new Conn(), jid("alice@localhost"), "4"))
                        .condition());
        assertEquals(StanzaError.Condition.NOT_ALLOWED,
                assertThrows(BindException.class, () -> strict.open(new Conn(), jid("a@elsewhere"), "r")).condition());
    }

    @Test
    void endingAnAvailableSessionTellsTheOtherResources() throws Exception {
        Conn c1 = new Conn();
        Conn c2 = new Conn();
        ClientSession s1 = online(c1, "alice@localhost", "one", 0);
        online(c2, "alice@localhost", "two", 0);
        c2.got.clear();
        s1.end();
        assertEquals(1, c2.got.size());
        assertEquals("unavailable", c2.last().type());
        assertEquals(jid("alice@localhost/one"), c2.last().from());
        assertNull(sm.sessions(jid("alice@localhost")).stream().filter(s -> s == s1).findAny().orElse(null));
    }

    @Test
    void messagesToOtherDomainsGoToTheRouter() throws Exception {
        Conn a = new Conn();
        ClientSession sa = online(a, "alice@localhost", "x", 0);
        sa.receive(chat("romeo@montague.example", "hi"));
        assertEquals(1, router.elsewhere.size());
        assertEquals(jid("alice@localhost/x"), router.elsewhere.get(0).from());
    }
}
