package im.confab.sm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaFilter;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.sm.StanzaPostprocessor;
import im.confab.api.sm.StanzaPreprocessor;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Dispatch: interest matching, ranking, PASS chains, stages, queue limits, and holding across a swap. */
class PipelineTest {
    SharedTimer timer;
    PluginTracker plugins;
    final List<String> trail = new CopyOnWriteArrayList<>();
    final List<Stanza> sent = new CopyOnWriteArrayList<>();
    final StageContext ctx = new StageContext(sent::add, null, im.confab.api.sm.StanzaContext.Direction.TO_LOCAL);
    final Pipeline.Terminal terminal = (s, c) -> trail.add("default");

    @BeforeEach
    void setUp() {
        timer = new SharedTimer();
        plugins = new PluginTracker(timer, 1000, 3);
    }

    @AfterEach
    void tearDown() {
        plugins.deactivate();
        timer.deactivate();
    }

    static Map<String, Object> props(long id, int ranking, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.id", id);
        m.put("service.ranking", ranking);
        m.put("component.name", "p" + id);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Object[] ping() {
        return new Object[] {"xmpp.iq.namespace", "urn:xmpp:ping", "xmpp.iq.element", "ping", "xmpp.iq.type",
            new String[] {"get"}};
    }

    static Stanza pingIq(String id) {
        return Stanza.iq("get").id(id).from(Jid.parse("a@localhost/r")).to(Jid.parse("localhost"))
                .child(XmlElement.of("ping", "urn:xmpp:ping")).build();
    }

    StanzaHandler named(String name, Outcome outcome) {
        return (s, c) -> {
            trail.add(name);
            return outcome;
        };
    }

    void add(Slot.Stage stage, Object plugin, Map<String, Object> props) {
        plugins.add(new Slot(stage, props, null, () -> plugin));
    }

    void awaitTrail(int size) throws InterruptedException {
        SessionManagerTest.await(() -> trail.size() >= size);
    }

    @Test
    void interestAndRankingDecideTheChainAndPassFallsThrough() throws Exception {
        add(Slot.Stage.PROCESSOR, named("low", Outcome.HANDLED), props(1, 0, ping()));
        add(Slot.Stage.PROCESSOR, named("high", Outcome.PASS), props(2, 10, ping()));
        add(Slot.Stage.PROCESSOR, named("other", Outcome.HANDLED), props(3, 99,
                "xmpp.iq.namespace", "jabber:iq:version", "xmpp.iq.element", "query"));
        plugins.pipeline.process(pingIq("1"), ctx, true, terminal);
        awaitTrail(2);
        assertEquals(List.of("high", "low"), trail);
    }

    @Test
    void postprocessorsThenDefaultWhenNoProcessorTakesIt() throws Exception {
        add(Slot.Stage.POSTPROCESSOR, (StanzaPostprocessor) (s, c) -> {
            trail.add("post");
            return Outcome.PASS;
        }, props(1, 0, "xmpp.message.type", new String[] {"chat"}));
        Stanza chat = Stanza.message().type("chat").from(Jid.parse("a@localhost/r")).to(Jid.parse("b@localhost"))
                .body("x").build();
        plugins.pipeline.process(chat, ctx, true, terminal);
        awaitTrail(2);
        assertEquals(List.of("post", "default"), trail);
        trail.clear();
        plugins.pipeline.process(chat.withType("headline"), ctx, true, terminal); // no interest: straight to default
        assertEquals(List.of("default"), trail);
    }

    @Test
    void messageInterestByChildNamespace() throws Exception {
        add(Slot.Stage.PROCESSOR, named("receipts", Outcome.HANDLED), props(1, 0,
                "xmpp.message.type", new String[] {"chat"}, "xmpp.message.namespace", "urn:xmpp:receipts"));
        Stanza plain = Stanza.message().type("chat").from(Jid.parse("a@localhost/r")).to(Jid.parse("b@localhost"))
                .body("x").build();
        plugins.pipeline.process(plain, ctx, true, terminal);
        assertEquals(List.of("default"), trail);
        plugins.pipeline.process(Stanza.message().type("chat").from(Jid.parse("a@localhost/r"))
                .to(Jid.parse("b@localhost")).child(XmlElement.of("request", "urn:xmpp:receipts")).build(),
                ctx, true, terminal);
        awaitTrail(2);
        assertEquals(List.of("default", "receipts"), trail);
    }

    @Test
    void preprocessorsMayStopAndFiltersMayDropOrRewrite() {
        add(Slot.Stage.PREPROCESSOR, (StanzaPreprocessor) (s, c) -> "blocked".equals(s.id()) ? Outcome.HANDLED
                : Outcome.PASS, props(1, 0));
        assertTrue(plugins.pipeline.preprocess(pingIq("ok"), ctx));
        assertEquals(false, plugins.pipeline.preprocess(pingIq("blocked"), ctx));
        add(Slot.Stage.FILTER, (StanzaFilter) (s, to) -> "drop".equals(s.id()) ? null : s.withType("result"),
                props(2, 0));
        assertNull(plugins.pipeline.filter(pingIq("drop"), (ClientSession) null));
        assertEquals("result", plugins.pipeline.filter(pingIq("keep"), null).type());
    }

    @Test
    void aFullQueueAnswersResourceConstraint() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        add(Slot.Stage.PROCESSOR, (StanzaHandler) (s, c) -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.HANDLED;
        }, props(1, 0, concat(ping(), "xmpp.processor.queue.size", 2)));
        for (int i = 0; i < 4; i++) { // one running, two queued, the fourth refused
            plugins.pipeline.process(pingIq("q" + i), ctx, true, terminal);
            Thread.sleep(20);
        }
        release.countDown();
        SessionManagerTest.await(() -> sent.size() == 1);
        assertTrue(sent.get(0).toXml().contains("resource-constraint"), sent.get(0).toXml());
        assertEquals("wait", sent.get(0).element().child("error", "jabber:client").attribute("type"));
    }

    static Object[] concat(Object[] a, Object... b) {
        Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void stanzasWaitForTheNextVersionOfAPluginAndNoneIsLost() throws Exception {
        add(Slot.Stage.PROCESSOR, named("v1", Outcome.HANDLED), props(1, 0, ping()));
        plugins.remove(1); // update: unregistered ...
        plugins.pipeline.process(pingIq("a"), ctx, true, terminal);
        plugins.pipeline.process(pingIq("b"), ctx, true, terminal);
        assertEquals(List.of(), trail, "held, not answered with an error");
        assertEquals(2, plugins.holds().get(0).size());
        add(Slot.Stage.PROCESSOR, named("v2", Outcome.HANDLED), props(2, 0, ping())); // ... and registered again
        awaitTrail(2);
        assertEquals(List.of("v2", "v2"), trail);
        assertTrue(plugins.holds().isEmpty());
    }

    @Test
    void whatAHeldStanzaRoutesWhileTheNextVersionTakesItOverIsNotLost() throws Exception {
        // the swap resumes held stanzas on its own thread, holding the holds' locks: a stanza of the same
        // interest routed from there must reach the new version, not a hold that was already emptied
        add(Slot.Stage.PROCESSOR, named("v1", Outcome.HANDLED), props(1, 0, ping()));
        plugins.remove(1);
        plugins.pipeline.process(pingIq("held"), ctx, true, terminal);
        StanzaHandler v2 = (s, c) -> {
            trail.add("v2 " + s.id());
            if ("held".equals(s.id())) {
                plugins.pipeline.process(pingIq("routed"), ctx, true, terminal);
            }
            return Outcome.HANDLED;
        };
        add(Slot.Stage.PROCESSOR, v2, props(2, 0, concat(ping(), "xmpp.processor.inline", "true")));
        awaitTrail(2);
        assertEquals(java.util.Set.of("v2 held", "v2 routed"), java.util.Set.copyOf(trail));
        assertTrue(plugins.holds().isEmpty());
    }

    @Test
    void aPluginClosedBeforeItsSwapPublishesIsPassedWhenNothingHoldsForIt() {
        // holding switched off: between closing a plugin and publishing the index without it, its stanzas go on
        // past it. They used to restart the stage on the old index until the publish, which here never comes:
        // a stack overflow (in a server, when the swapping thread is descheduled for long enough)
        Pipeline pipeline = new Pipeline();
        Slot inline = new Slot(Slot.Stage.PROCESSOR, props(1, 0, concat(ping(), "xmpp.processor.inline", "true")),
                null, () -> named("inline", Outcome.HANDLED));
        Slot queued = new Slot(Slot.Stage.POSTPROCESSOR, props(2, 0, "xmpp.iq.namespace", "urn:xmpp:ping"),
                null, () -> (StanzaPostprocessor) (s, c) -> {
                    trail.add("queued");
                    return Outcome.HANDLED;
                });
        pipeline.publish(PluginIndex.build(List.of(inline, queued)));
        inline.shutdown();
        queued.shutdown();
        pipeline.process(pingIq("a"), ctx, true, terminal);
        assertEquals(List.of("default"), trail);
        pipeline.publish(PluginIndex.build(List.of()));
        pipeline.process(pingIq("b"), ctx, true, terminal);
        assertEquals(List.of("default", "default"), trail);
    }

    @Test
    void holdingIsBoundedInCountAndTimeAndEndsOnUninstall() throws Exception {
        add(Slot.Stage.PROCESSOR, named("v1", Outcome.HANDLED), props(1, 0, ping()));
        plugins.remove(1);
        for (int i = 0; i < 5; i++) { // hold.max = 3: the last two get the default at once
            plugins.pipeline.process(pingIq("x" + i), ctx, true, terminal);
        }
        assertEquals(2, trail.size());
        SessionManagerTest.await(() -> trail.size() == 5); // hold.timeout = 1 s: the rest get the default
        assertEquals(List.of("default", "default", "default", "default", "default"), trail);

        trail.clear();
        add(Slot.Stage.PROCESSOR, named("v1", Outcome.HANDLED), props(3, 0, ping()));
        plugins.remove(3);
        plugins.pipeline.process(pingIq("y"), ctx, true, terminal);
        assertEquals(List.of(), trail);
        plugins.uninstalled(-1); // slots without a bundle are held under id -1
        assertEquals(List.of("default"), trail);
    }

    @Test
    void streamAndDiscoFeaturesFollowThePluginsPresent() {
        add(Slot.Stage.PROCESSOR, named("x", Outcome.HANDLED), props(1, 0, concat(ping(),
                "xmpp.disco.feature", new String[] {"urn:xmpp:ping"},
                "xmpp.stream.feature.namespace", "urn:xmpp:features:rosterver",
                "xmpp.stream.feature.element", "ver")));
        assertEquals(java.util.Set.of("urn:xmpp:ping"), plugins.discoFeatures());
        assertEquals("<ver xmlns='urn:xmpp:features:rosterver'/>", plugins.streamFeatures(true).get(0).toXml());
        assertTrue(plugins.streamFeatures(false).isEmpty());
        plugins.remove(1);
        assertTrue(plugins.discoFeatures().isEmpty());
    }

    @Test
    void directionSeparatesWhatAClientSendsFromWhatIsAddressedToLocalEntities() throws Exception {
        add(Slot.Stage.PROCESSOR, named("out", Outcome.HANDLED), props(1, 0,
                "xmpp.presence.type", new String[] {"subscribe"}, "xmpp.presence.direction", "FROM_CLIENT"));
        Stanza subscribe = Stanza.presence().type("subscribe").from(Jid.parse("a@localhost/r"))
                .to(Jid.parse("b@remote.example")).build();
        plugins.pipeline.process(subscribe, ctx, true, terminal);
        assertEquals(List.of("default"), trail, "addressed to a local entity: not for an outbound processor");
        StageContext out = new StageContext(sent::add, null, im.confab.api.sm.StanzaContext.Direction.FROM_CLIENT);
        plugins.pipeline.process(subscribe, out, true, terminal);
        awaitTrail(2);
        assertEquals(List.of("default", "out"), trail);
    }

    @Test
    void inlinePluginsRunOnTheRoutingThreadAndDeferWhatMustBlockToTheirQueue() throws Exception {
        Thread caller = Thread.currentThread();
        List<String> threads = new CopyOnWriteArrayList<>();
        add(Slot.Stage.PROCESSOR, (StanzaHandler) (s, c) -> {
            threads.add((Thread.currentThread() == caller ? "caller" : "queue") + ":" + c.mayBlock());
            if (!c.mayBlock() && "slow".equals(s.id())) {
                return Outcome.DEFER; // e.g. a cache miss: the store is read on the queue
            }
            trail.add("inline-" + s.id());
            return Outcome.PASS;
        }, props(1, 10, concat(ping(), "xmpp.processor.inline", "true")));
        add(Slot.Stage.PROCESSOR, named("queued", Outcome.HANDLED), props(2, 0, ping()));

        plugins.pipeline.process(pingIq("fast"), ctx, true, terminal);
        assertEquals("inline-fast", trail.get(0), "decided on the caller's thread, before any queue");
        awaitTrail(2);
        assertEquals(List.of("inline-fast", "queued"), trail);
        assertEquals(List.of("caller:false"), threads);

        trail.clear();
        threads.clear();
        plugins.pipeline.process(pingIq("slow"), ctx, true, terminal);
        awaitTrail(2);
        assertEquals(List.of("inline-slow", "queued"), trail);
        assertEquals(List.of("caller:false", "queue:true"), threads, "called again where it may block");
    }

    @Test
    void anInlinePluginThatHandlesOrThrowsEndsTheStanzaAtOnce() {
        add(Slot.Stage.POSTPROCESSOR, (StanzaPostprocessor) (s, c) -> {
            if ("boom".equals(s.id())) {
                throw new IllegalStateException("test");
            }
            trail.add("kept");
            return Outcome.HANDLED;
        }, props(1, 0, "xmpp.message.type", new String[] {"chat"}, "xmpp.processor.inline", true));
        Stanza chat = Stanza.message().type("chat").from(Jid.parse("a@localhost/r")).to(Jid.parse("b@localhost"))
                .body("x").build();
        plugins.pipeline.process(chat, ctx, true, terminal);
        assertEquals(List.of("kept"), trail, "handled inline: no default delivery");
        Stanza boom = Stanza.message().type("chat").id("boom").from(Jid.parse("a@localhost/r"))
                .to(Jid.parse("b@localhost")).body("x").build();
        plugins.pipeline.process(boom, ctx, true, terminal);
        assertEquals(List.of("kept"), trail);
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).isError());
        assertTrue(sent.get(0).toXml().contains("internal-server-error"), sent.get(0).toXml());
    }

    @Test
    void messagePluginsForAnyMessageAndForAChildNamespaceAreMergedByRanking() throws Exception {
        add(Slot.Stage.PROCESSOR, named("any", Outcome.PASS), props(1, 5, "xmpp.message.type",
                new String[] {"chat"}, "xmpp.processor.inline", "true"));
        add(Slot.Stage.PROCESSOR, named("receipts", Outcome.PASS), props(2, 10, "xmpp.message.type",
                new String[] {"chat"}, "xmpp.message.namespace", "urn:xmpp:receipts", "xmpp.processor.inline", "true"));
        Stanza plain = Stanza.message().type("chat").from(Jid.parse("a@localhost/r")).to(Jid.parse("b@localhost"))
                .body("x").build();
        plugins.pipeline.process(plain, ctx, true, terminal);
        assertEquals(List.of("any", "default"), trail);
        trail.clear();
        plugins.pipeline.process(Stanza.message().type("chat").from(Jid.parse("a@localhost/r"))
                .to(Jid.parse("b@localhost")).child(XmlElement.of("request", "urn:xmpp:receipts")).build(),
                ctx, true, terminal);
        assertEquals(List.of("receipts", "any", "default"), trail);
    }

    @Test
    void aSwapWaitsForAnInlineCallUnderWaySoTwoVersionsNeverRunSideBySide() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        add(Slot.Stage.PROCESSOR, (StanzaHandler) (s, c) -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            trail.add("v1 done");
            return Outcome.HANDLED;
        }, props(1, 0, concat(ping(), "xmpp.processor.inline", "true")));
        Thread sender = new Thread(() -> plugins.pipeline.process(pingIq("a"), ctx, true, terminal));
        sender.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        Thread remover = new Thread(() -> {
            plugins.remove(1);
            trail.add("removed");
        });
        remover.start();
        remover.join(200); // without the wait, the removal would be over by now
        release.countDown();
        remover.join(10_000);
        sender.join(10_000);
        assertEquals(List.of("v1 done", "removed"), trail);
    }
}
