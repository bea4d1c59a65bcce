package im.confab.sm.pep.internal;

import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.FakeSession;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PepHandlerTest {
    private static final String MOOD = "http://jabber.org/protocol/mood";
    private static final String JULIET = "juliet@capulet.lit/balcony";
    private final Fixtures f = new Fixtures();
    private final PepHandler handler = new PepHandler(f.pep);
    private final RecordingContext ctx = new RecordingContext();
    private final FakeSession balcony = new FakeSession(JULIET).available(0);
    private final FakeSession chamber = new FakeSession("juliet@capulet.lit/chamber").available(0);
    private final FakeSession orchard = new FakeSession("romeo@capulet.lit/orchard").available(0);
    private final FakeSession garden = new FakeSession("romeo@capulet.lit/garden").available(0);
    private final FakeSession nurse = new FakeSession("nurse@capulet.lit/kitchen").available(0);

    @BeforeEach
    void sessions() {
        f.sessions.sessions.addAll(List.of(balcony, chamber, orchard, garden, nurse));
        f.roster.add("juliet", "romeo@capulet.lit", Subscription.both);
        f.roster.add("juliet", "nurse@capulet.lit", Subscription.to); // juliet sees the nurse, not the reverse
        for (FakeSession s : List.of(balcony, orchard, nurse)) {
            s.attribute(Audience.NOTIFY, Set.of(MOOD));
        }
        garden.attribute(Audience.NOTIFY, Set.of("urn:xmpp:tune"));
    }

    private static String condition(Stanza s) {
        assertEquals("error", s.type());
        return s.element().child("error", "jabber:client").firstElement().name();
    }

    private Stanza onlyOne() {
        ctx.onlyXml(); // exactly one answer
        return ctx.sent.get(0);
    }

    private static String appCondition(Stanza s) {
        List<XmlElement> e = s.element().child("error", "jabber:client").elements();
        return e.get(e.size() - 1).name() + " " + e.get(e.size() - 1).attribute("feature");
    }

    @Test
    void publishAutoCreatesStoresAnswersAndNotifiesWhoWantsIt() {
        assertEquals(Outcome.HANDLED, handler.handle(Fixtures.publish(JULIET, MOOD, "m1", Fixtures.mood("happy")), ctx));
        assertEquals("<iq type='result' id='pub1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='" + MOOD + "'><item id='m1'/>"
                + "</publish></pubsub></iq>", ctx.sent.get(0).toXml());
        String event = "<event xmlns='http://jabber.org/protocol/pubsub#event'><items node='" + MOOD + "'>"
                + "<item id='m1'><mood xmlns='" + MOOD + "'><happy/></mood></item></items></event>";
        assertEquals("<message type='headline' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>" + event
                + "</message>", ctx.sent.get(1).toXml());
        assertEquals("<message type='headline' from='juliet@capulet.lit' to='romeo@capulet.lit/orchard'>" + event
                + "</message>", ctx.sent.get(2).toXml());
        // not chamber and garden (no +notify for mood), not the nurse (no subscription to juliet's presence)
        assertEquals(3, ctx.sent.size());
        assertEquals(List.of(MOOD), f.pep.nodes().nodes("juliet"));
        assertEquals("m1", f.store.data.get("juliet|pep|" + MOOD).attribute("id"));
    }

    @Test
    void anUnavailableResourceGetsNothingAndAMissingIdIsMade() {
        orchard.available = false;
        handler.handle(Fixtures.publish(JULIET, MOOD, null, Fixtures.mood("sad")), ctx);
        String id = ctx.sent.get(0).payload().firstElement().firstElement().attribute("id");
        assertFalse(id.isEmpty());
        assertEquals(2, ctx.sent.size());
        assertEquals(id, ctx.sent.get(1).element().firstElement().firstElement().firstElement().attribute("id"));
    }

    @Test
    void onlyTheAccountPublishes() {
        Stanza p = Fixtures.publish("romeo@capulet.lit/orchard", MOOD, "x", Fixtures.mood("happy")).withTo(
                im.confab.api.jid.Jid.parse("juliet@capulet.lit"));
        handler.handle(p, ctx);
        assertEquals("forbidden", condition(onlyOne()));
        assertTrue(f.store.data.isEmpty());
    }

    @Test
    void badPublishesAreRefusedWithTheirPubsubConditions() {
        handler.handle(Fixtures.publish(JULIET, MOOD, "x", null), ctx);
        handler.handle(Fixtures.publish(JULIET, "", "x", Fixtures.mood("a")), ctx);
        PepHandler small = new PepHandler(new PepService(f.store, f.roster, f.sessions, f.iqs, Fixtures.config(40)));
        small.handle(Fixtures.publish(JULIET, MOOD, "x", Fixtures.mood("happy")), ctx);
        assertEquals("bad-request", condition(ctx.sent.get(0)));
        assertEquals("payload-required null", appCondition(ctx.sent.get(0)));
        assertEquals("nodeid-required null", appCondition(ctx.sent.get(1)));
        assertEquals("not-acceptable", condition(ctx.sent.get(2)));
        assertEquals("payload-too-big null", appCondition(ctx.sent.get(2)));
        assertTrue(f.store.data.isEmpty());
    }

    @Test
    void whatIsNotImplementedSaysWhichFeature() {
        Stanza p = Fixtures.publish(JULIET, MOOD, "x", Fixtures.mood("a"));
        XmlElement withOptions = p.payload().withChild(XmlElement.of("publish-options", PubSub.NS));
        handler.handle(p.withPayload(List.of(withOptions)), ctx);
        handler.handle(p.withPayload(List.of(XmlElement.builder("pubsub", PubSub.NS)
                .child(XmlElement.builder("subscribe", PubSub.NS).attribute("node", MOOD).build()).build())), ctx);
        assertEquals("feature-not-implemented", condition(ctx.sent.get(0)));
        assertEquals("unsupported publish-options", appCondition(ctx.sent.get(0)));
        assertEquals("unsupported subscribe", appCondition(ctx.sent.get(1)));
        assertTrue(f.store.data.isEmpty());
    }

    @Test
    void itemsGoToTheAccountAndItsSubscribersOnly() {
        handler.handle(Fixtures.publish(JULIET, MOOD, "m1", Fixtures.mood("happy")), ctx);
        ctx.sent.clear();
        handler.handle(Fixtures.items("romeo@capulet.lit/orchard", "juliet@capulet.lit", MOOD), ctx);
        assertEquals("<iq type='result' id='it1' from='juliet@capulet.lit' to='romeo@capulet.lit/orchard'>"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='" + MOOD + "'><item id='m1'>"
                + "<mood xmlns='" + MOOD + "'><happy/></mood></item></items></pubsub></iq>", ctx.sent.get(0).toXml());
        handler.handle(Fixtures.items("nurse@capulet.lit/kitchen", "juliet@capulet.lit", MOOD), ctx);
        assertEquals("not-authorized", condition(ctx.sent.get(1)));
        assertEquals("presence-subscription-required null", appCondition(ctx.sent.get(1)));
        handler.handle(Fixtures.items(JULIET, "juliet@capulet.lit", "urn:xmpp:tune"), ctx);
        assertEquals("item-not-found", condition(ctx.sent.get(2)));
        handler.handle(Fixtures.items(JULIET, "juliet@capulet.lit", MOOD), ctx);
        assertEquals("result", ctx.sent.get(3).type());
    }

    @Test
    void aStoreFailureIsAnInternalServerErrorAndTheServerItselfIsNoPubsubService() {
        f.store.failing = true;
        handler.handle(Fixtures.publish(JULIET, MOOD, "m1", Fixtures.mood("happy")), ctx);
        assertEquals("internal-server-error", condition(onlyOne()));
        assertEquals(Outcome.PASS, handler.handle(Fixtures.items(JULIET, "capulet.lit", MOOD), ctx));
    }

    @Test
    void runInlineByConfigurationItLeavesTheStoreToItsQueue() throws Exception {
        ctx.mayBlock = false; // xmpp.processor.inline = true in its configuration: called on an event loop first
        assertEquals(Outcome.DEFER, handler.handle(Fixtures.publish(JULIET, MOOD, "m1", Fixtures.mood("happy")), ctx));
        assertTrue(ctx.sent.isEmpty());
        assertEquals(List.of(), f.pep.nodes().nodes("juliet"));
    }
}
