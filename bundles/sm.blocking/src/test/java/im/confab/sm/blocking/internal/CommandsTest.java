package im.confab.sm.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext.Direction;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.store.StoreException;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.FakeSession;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryBlockingStore;
import im.confab.test.support.MemoryRosterStore;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

import java.util.List;

class CommandsTest {
    private static final String NS = "urn:xmpp:blocking";
    private static final String JULIET = "juliet@capulet.lit";

    private final MemoryBlockingStore store = new MemoryBlockingStore();
    private final MemoryRosterStore roster = new MemoryRosterStore();
    private final FakeSessionManager sm = new FakeSessionManager("capulet.lit");
    private final FakeSession chamber = new FakeSession(JULIET + "/chamber");
    private final FakeSession balcony = new FakeSession(JULIET + "/balcony");
    private final FakeSession garden = new FakeSession(JULIET + "/garden");
    private final BlockingCore core = new BlockingCore(store, sm, roster, Fakes.config(3, 1000, true));
    private final BlocklistHandler blocklist = new BlocklistHandler(core);
    private final BlockHandler block = new BlockHandler(core);
    private final UnblockHandler unblock = new UnblockHandler(core);
    private final RecordingContext ctx = new RecordingContext(chamber, Direction.TO_LOCAL);

    CommandsTest() {
        sm.sessions.addAll(List.of(chamber, balcony, garden));
    }

    /** An iq as it reaches the handler: no 'to' became the sender's bare JID. */
    private static Stanza iq(String type, String from, String to, String element, String... jids) {
        XmlElement.Builder b = XmlElement.builder(element, NS);
        for (String j : jids) {
            b.child(XmlElement.builder("item", NS).attribute("jid", j).build());
        }
        return Stanza.iq(type).id("c1").from(Jid.parse(from)).to(Jid.parse(to)).child(b.build()).build();
    }

    private void requestList(FakeSession s) {
        RecordingContext c = new RecordingContext(s, Direction.TO_LOCAL);
        blocklist.handle(iq("get", s.jid().toString(), JULIET, "blocklist"), c);
    }

    @Test
    void theBlocklistIsReturnedAndTheAskingResourceMarked() {
        store.put("juliet", "romeo@montague.lit", "iago@shakespeare.lit");
        assertEquals(Outcome.HANDLED, blocklist.handle(iq("get", JULIET + "/chamber", JULIET, "blocklist"), ctx));
        assertEquals(List.of("<iq type='result' id='c1' from='juliet@capulet.lit' to='juliet@capulet.lit/chamber'>"
                + "<blocklist xmlns='urn:xmpp:blocking'><item jid='iago@shakespeare.lit'/>"
                + "<item jid='romeo@montague.lit'/></blocklist></iq>"), ctx.sentXml());
        assertEquals(Boolean.TRUE, chamber.attribute(BlockCommands.REQUESTED));
        assertNull(balcony.attribute(BlockCommands.REQUESTED));
    }

    @Test
    void anEmptyBlocklistIsAnEmptyElement() {
        blocklist.handle(iq("get", JULIET + "/chamber", "capulet.lit", "blocklist"), ctx);
        assertEquals("<blocklist xmlns='urn:xmpp:blocking'/>", ctx.sent.get(0).payload().toXml());
    }

    @Test
    void blockStoresAnswersAndPushesToTheResourcesThatAskedForTheList() {
        requestList(chamber);
        requestList(balcony);
        assertEquals(Outcome.HANDLED, block.handle(iq("set", JULIET + "/chamber", JULIET, "block",
                "romeo@montague.lit", "Iago@Shakespeare.lit"), ctx));
        assertEquals(List.of(Jid.parse("romeo@montague.lit"), Jid.parse("iago@shakespeare.lit")),
                List.copyOf(store.lists.get("juliet")));
        List<String> xml = ctx.sentXml();
        assertEquals("<iq type='result' id='c1' from='juliet@capulet.lit' to='juliet@capulet.lit/chamber'/>",
                xml.get(0));
        assertEquals(3, xml.size()); // no push to the garden, which never asked
        String items = "<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.lit'/>"
                + "<item jid='iago@shakespeare.lit'/></block>";
        assertTrue(xml.get(1).matches("<iq type='set' id='block-push-\\d+' from='juliet@capulet.lit' "
                + "to='juliet@capulet.lit/chamber'>" + items + "</iq>"), xml.get(1));
        assertTrue(xml.get(2).matches("<iq type='set' id='block-push-\\d+' from='juliet@capulet.lit' "
                + "to='juliet@capulet.lit/balcony'>" + items + "</iq>"), xml.get(2));
        assertFalse(ctx.sent.get(1).id().equals(ctx.sent.get(2).id()));
    }

    @Test
    void blockNeedsItemsWithValidJids() {
        block.handle(iq("set", JULIET + "/chamber", JULIET, "block"), ctx);
        block.handle(iq("set", JULIET + "/chamber", JULIET, "block", "romeo@montague.lit", "@bad"), ctx);
        Stanza noJid = Stanza.iq("set").id("c1").from(Jid.parse(JULIET + "/chamber")).to(Jid.parse(JULIET))
                .child(XmlElement.builder("block", NS).child(XmlElement.of("item", NS)).build()).build();
        block.handle(noJid, ctx);
        assertEquals(3, ctx.sent.size());
        ctx.sent.forEach(e -> assertTrue(e.toXml().contains("<bad-request"), e.toXml()));
        assertTrue(store.lists.isEmpty());
    }

    @Test
    void blockBeyondTheLimitIsAPolicyViolation() {
        block.handle(iq("set", JULIET + "/chamber", JULIET, "block", "a@x.lit", "b@x.lit", "c@x.lit", "d@x.lit"),
                ctx);
        assertTrue(ctx.sentXml().get(0).contains("<policy-violation"), ctx.sentXml().get(0));
        assertTrue(store.lists.isEmpty());
    }

    @Test
    void anotherAccountsListIsNotOurs() {
        block.handle(iq("set", "romeo@montague.lit/orchard", JULIET, "block", "paris@capulet.lit"), ctx);
        blocklist.handle(iq("get", "nurse@capulet.lit/x", JULIET, "blocklist"), ctx); // a local neighbour
        blocklist.handle(iq("get", "juliet@montague.lit/x", "capulet.lit", "blocklist"), ctx); // a namesake elsewhere
        assertEquals(3, ctx.sent.size());
        ctx.sent.forEach(e -> assertTrue(e.toXml().contains("<service-unavailable"), e.toXml()));
        assertTrue(store.lists.isEmpty());
    }

    @Test
    void aNewlyBlockedSubscriberGetsUnavailableFromEachAvailableResource() {
        chamber.available = true;
        balcony.available = true;
        roster.add("juliet", "romeo@montague.lit", Subscription.both);
        roster.add("juliet", "tybalt@capulet.lit", Subscription.from);
        roster.add("juliet", "nurse@montague.lit", Subscription.to); // not subscribed to juliet: told nothing
        store.put("juliet", "tybalt@capulet.lit"); // already blocked: told before
        block.handle(iq("set", JULIET + "/chamber", JULIET, "block", "montague.lit", "tybalt@capulet.lit"), ctx);
        assertEquals(List.of(
                "<presence type='unavailable' from='juliet@capulet.lit/chamber' to='romeo@montague.lit'/>",
                "<presence type='unavailable' from='juliet@capulet.lit/balcony' to='romeo@montague.lit'/>"),
                ctx.sentXml().subList(1, ctx.sent.size()));
    }

    @Test
    void nothingIsSaidWhenTheUserIsNotAvailable() {
        roster.add("juliet", "romeo@montague.lit", Subscription.both);
        block.handle(iq("set", JULIET + "/chamber", JULIET, "block", "romeo@montague.lit"), ctx);
        assertEquals(1, ctx.sent.size());
    }

    @Test
    void aFullJidItemSendsToThatResourceOnly() {
        chamber.available = true;
        roster.add("juliet", "romeo@montague.lit", Subscription.from);
        block.handle(iq("set", JULIET + "/chamber", JULIET, "block", "romeo@montague.lit/orchard"), ctx);
        assertEquals("<presence type='unavailable' from='juliet@capulet.lit/chamber' "
                + "to='romeo@montague.lit/orchard'/>", ctx.sentXml().get(1));
    }

    @Test
    void unblockRemovesPushesAndLetsThePresencePluginAnswerAProbe() {
        roster.add("juliet", "romeo@montague.lit", Subscription.both);
        store.put("juliet", "romeo@montague.lit", "iago@shakespeare.lit");
        requestList(balcony);
        assertEquals(Outcome.HANDLED, unblock.handle(iq("set", JULIET + "/chamber", JULIET, "unblock",
                "romeo@montague.lit"), ctx));
        assertEquals(List.of(Jid.parse("iago@shakespeare.lit")), List.copyOf(store.lists.get("juliet")));
        List<String> xml = ctx.sentXml();
        assertEquals("<iq type='result' id='c1' from='juliet@capulet.lit' to='juliet@capulet.lit/chamber'/>",
                xml.get(0));
        assertTrue(xml.get(1).matches("<iq type='set' id='block-push-\\d+' from='juliet@capulet.lit' "
                + "to='juliet@capulet.lit/balcony'><unblock xmlns='urn:xmpp:blocking'>"
                + "<item jid='romeo@montague.lit'/></unblock></iq>"), xml.get(1));
        assertEquals("<presence type='probe' from='romeo@montague.lit' to='juliet@capulet.lit'/>", xml.get(2));
        assertEquals(3, xml.size());
    }

    @Test
    void unblockWithoutItemsUnblocksAllAndPushesAnEmptyUnblock() {
        store.put("juliet", "romeo@montague.lit", "iago@shakespeare.lit");
        requestList(chamber);
        unblock.handle(iq("set", JULIET + "/chamber", JULIET, "unblock"), ctx);
        assertNull(store.lists.get("juliet"));
        assertTrue(ctx.sentXml().get(1).endsWith("to='juliet@capulet.lit/chamber'>"
                + "<unblock xmlns='urn:xmpp:blocking'/></iq>"), ctx.sentXml().get(1));
    }

    @Test
    void commandsDropTheCachedListSoEnforcementSeesThemAtOnce() {
        assertFalse(core.lists.get("juliet").blocks(Jid.parse("romeo@montague.lit")));
        block.handle(iq("set", JULIET + "/chamber", JULIET, "block", "romeo@montague.lit"), ctx);
        assertTrue(core.lists.get("juliet").blocks(Jid.parse("romeo@montague.lit/orchard")));
        unblock.handle(iq("set", JULIET + "/chamber", JULIET, "unblock", "romeo@montague.lit"), ctx);
        assertFalse(core.lists.get("juliet").blocks(Jid.parse("romeo@montague.lit/orchard")));
    }

    @Test
    void aFailingStoreIsAnInternalServerError() {
        store.fail = new StoreException("down", null);
        block.handle(iq("set", JULIET + "/chamber", JULIET, "block", "romeo@montague.lit"), ctx);
        blocklist.handle(iq("get", JULIET + "/chamber", JULIET, "blocklist"), ctx);
        assertEquals(2, ctx.sent.size());
        ctx.sent.forEach(e -> assertTrue(e.toXml().contains("<internal-server-error"), e.toXml()));
    }

    @Test
    void withoutARosterNobodyIsSubscribed() {
        BlockingCore bare = new BlockingCore(store, sm, null, Fakes.config(10, 10, true));
        chamber.available = true;
        new BlockHandler(bare).handle(iq("set", JULIET + "/chamber", JULIET, "block", "romeo@montague.lit"), ctx);
        assertEquals(1, ctx.sent.size());
    }
}
