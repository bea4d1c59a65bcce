package im.confab.sm.pep.internal;

import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.FakeSession;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PresenceTest {
    private static final String MOOD = "http://jabber.org/protocol/mood";
    private final Fixtures f = new Fixtures();
    private final FakeSession balcony = new FakeSession("juliet@capulet.lit/balcony").available(0);
    private final FakeSession orchard = new FakeSession("romeo@capulet.lit/orchard").available(0);
    private final RecordingContext ctx = new RecordingContext();

    @BeforeEach
    void published() {
        f.sessions.sessions.addAll(List.of(balcony, orchard));
        f.roster.add("juliet", "romeo@capulet.lit", Subscription.from);
        new PepHandler(f.pep).handle(Fixtures.publish("juliet@capulet.lit/balcony", MOOD, "m1",
                Fixtures.mood("happy")), ctx);
        ctx.sent.clear();
    }

    @Test
    void aContactWhoseCapsAskForTheNodeGetsTheLastItemOnceTheirFeaturesAreKnown() {
        ContactPresence contact = new ContactPresence(f.pep);
        XmlElement caps = Fixtures.caps(MOOD + "+notify");
        assertEquals(Outcome.PASS, contact.handle(Fixtures.presence("romeo@capulet.lit/orchard",
                "juliet@capulet.lit", caps), ctx));
        assertTrue(ctx.sent.isEmpty(), "waits for the disco#info answer");
        assertEquals("<iq type='get' id='pep-caps-1' from='capulet.lit' to='romeo@capulet.lit/orchard'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='https://example.org/c#"
                + caps.attribute("ver") + "'/></iq>", f.iqs.sent().get(0).toXml());
        f.iqs.answerAll(MOOD + "+notify");
        assertEquals("<message type='headline' from='juliet@capulet.lit' to='romeo@capulet.lit/orchard'>"
                + "<event xmlns='http://jabber.org/protocol/pubsub#event'><items node='" + MOOD + "'>"
                + "<item id='m1'><mood xmlns='" + MOOD + "'><happy/></mood></item></items></event></message>",
                ctx.onlyXml());

        // the same caps again (a status change): nothing; the ver is cached, no second query
        contact.handle(Fixtures.presence("romeo@capulet.lit/orchard", "juliet@capulet.lit", caps), ctx);
        assertEquals(1, ctx.sent.size());
        // after unavailable, the same caps count as new
        contact.handle(Fixtures.presence("romeo@capulet.lit/orchard", "juliet@capulet.lit").withType("unavailable"),
                ctx);
        contact.handle(Fixtures.presence("romeo@capulet.lit/orchard", "juliet@capulet.lit", caps), ctx);
        assertEquals(2, ctx.sent.size());
        assertEquals(1, f.iqs.requests.size());
    }

    @Test
    void aFilterChangeWithoutTheNodeOrAContactWithoutSubscriptionGetsNothing() {
        ContactPresence contact = new ContactPresence(f.pep);
        contact.handle(Fixtures.presence("romeo@capulet.lit/orchard", "juliet@capulet.lit",
                Fixtures.caps("urn:xmpp:tune+notify")), ctx);
        f.iqs.answerAll("urn:xmpp:tune+notify");
        contact.handle(Fixtures.presence("nurse@capulet.lit/kitchen", "juliet@capulet.lit",
                Fixtures.caps(MOOD + "+notify")), ctx);
        assertTrue(ctx.sent.isEmpty());
        assertEquals(1, f.iqs.requests.size(), "nobody asks the nurse");
    }

    @Test
    void ownResourcesLearnTheirInterestsAndGetTheirOwnLastItems() {
        OwnPresence own = new OwnPresence(f.pep);
        RecordingContext mine = new RecordingContext(balcony, Direction.FROM_CLIENT);
        own.handle(Fixtures.presence("juliet@capulet.lit/balcony", null, Fixtures.caps(MOOD + "+notify")), mine);
        assertNull(balcony.attribute(Audience.NOTIFY));
        f.iqs.answerAll(MOOD + "+notify");
        assertEquals(Set.of(MOOD), balcony.attribute(Audience.NOTIFY));
        assertEquals("<message type='headline' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<event xmlns='http://jabber.org/protocol/pubsub#event'><items node='" + MOOD + "'>"
                + "<item id='m1'><mood xmlns='" + MOOD + "'><happy/></mood></item></items></event></message>",
                mine.onlyXml());
        own.handle(Fixtures.presence("juliet@capulet.lit/balcony", null).withType("unavailable"), mine);
        assertNull(balcony.attribute(Audience.NOTIFY));
        assertNull(balcony.attribute(Audience.CAPS));
    }

    /**
     * A contact's resource comes online with new caps: its own presence (OwnPresence) and its copy to juliet's
     * account (ContactPresence) wait for the same disco#info answer, and CompletableFuture hands it out to the
     * later-registered first. A publish of juliet's that runs after ContactPresence found her last item, but before
     * OwnPresence noted the interest on romeo's session, must still reach him (sinttest's PEP tests publish as soon
     * as their client's caps changed).
     */
    @Test
    void aPublishBetweenTheCapsAnswerAndTheContactsOwnCallbackReachesTheContact() {
        XmlElement caps = Fixtures.caps(MOOD + "+notify");
        new OwnPresence(f.pep).handle(Fixtures.presence("romeo@capulet.lit/orchard", null, caps),
                new RecordingContext(orchard, Direction.FROM_CLIENT));
        List<Set<String>> notedInTheWindow = new ArrayList<>();
        f.pep.features(orchard.jid().bare(), orchard.jid(), Caps.of(Fixtures.presence("romeo@capulet.lit/orchard",
                null, caps))).thenAccept(features -> {
                    notedInTheWindow.add(orchard.attribute(Audience.NOTIFY));
                    new PepHandler(f.pep).handle(Fixtures.publish("juliet@capulet.lit/balcony", MOOD, "m2",
                            Fixtures.mood("sad")), ctx);
                });
        new ContactPresence(f.pep).handle(Fixtures.presence("romeo@capulet.lit/orchard", "juliet@capulet.lit", caps),
                ctx);
        assertEquals(1, f.iqs.requests.size(), "one disco#info query for the three who wait");
        f.iqs.answerAll(MOOD + "+notify");
        assumeTrue(notedInTheWindow.size() == 1 && notedInTheWindow.get(0) == null,
                "this JDK ran the waiting callbacks in another order: the window does not exist here");
        List<String> toRomeo = ctx.sent.stream().filter(m -> "romeo@capulet.lit/orchard".equals(String.valueOf(m.to())))
                .map(m -> m.element().child("event", "http://jabber.org/protocol/pubsub#event").firstElement()
                        .firstElement().attribute("id"))
                .toList();
        assertEquals(List.of("m1", "m2"), toRomeo, "the last item, then the new one");
        assertEquals(Set.of(MOOD), orchard.attribute(Audience.NOTIFY));
    }

    @Test
    void aPublishAfterTheCapsAreKnownReachesTheContact() {
        orchard.attribute(Audience.NOTIFY, Set.of(MOOD));
        new PepHandler(f.pep).handle(Fixtures.publish("juliet@capulet.lit/balcony", MOOD, "m2",
                Fixtures.mood("sad")), ctx);
        assertEquals("romeo@capulet.lit/orchard", ctx.sent.get(1).to().toString());
    }

    @Test
    void onTheRoutingThreadOnlyNewCapsAreDeferredAndNothingIsNotedBeforeThat() {
        ContactPresence contact = new ContactPresence(f.pep);
        XmlElement caps = Fixtures.caps(MOOD + "+notify");
        ctx.mayBlock = false;
        assertEquals(Outcome.PASS, contact.handle(Fixtures.presence("romeo@capulet.lit/orchard",
                "juliet@capulet.lit"), ctx), "no caps: nothing to read");
        assertEquals(Outcome.DEFER, contact.handle(Fixtures.presence("romeo@capulet.lit/orchard",
                "juliet@capulet.lit", caps), ctx));
        assertTrue(f.iqs.requests.isEmpty());
        ctx.mayBlock = true;
        assertEquals(Outcome.PASS, contact.handle(Fixtures.presence("romeo@capulet.lit/orchard",
                "juliet@capulet.lit", caps), ctx), "on the queue: the caps are new there too");
        assertEquals(1, f.iqs.requests.size());
        ctx.mayBlock = false;
        assertEquals(Outcome.PASS, contact.handle(Fixtures.presence("romeo@capulet.lit/orchard",
                "juliet@capulet.lit", caps), ctx), "the same caps again: inline");

        OwnPresence own = new OwnPresence(f.pep);
        RecordingContext mine = new RecordingContext(balcony, Direction.FROM_CLIENT);
        mine.mayBlock = false;
        assertEquals(Outcome.DEFER, own.handle(Fixtures.presence("juliet@capulet.lit/balcony", null,
                Fixtures.caps(MOOD + "+notify")), mine));
        assertNull(balcony.attribute(Audience.CAPS), "not noted before the queue runs it");
        assertEquals(Outcome.PASS, own.handle(Fixtures.presence("juliet@capulet.lit/balcony", null), mine));
    }
}
