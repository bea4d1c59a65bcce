package im.confab.sm.disco.internal;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.MemoryRosterStore;
import im.confab.test.support.RecordingContext;
import static im.confab.sm.disco.internal.AccountDiscoTest.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiscoInfoHandlerTest {
    private static final String INFO = "http://jabber.org/protocol/disco#info";
    private static final String ITEMS = "http://jabber.org/protocol/disco#items";

    private final FakeRegistry registry = new FakeRegistry("urn:xmpp:ping", ITEMS, INFO);
    private final AccountDisco account = new AccountDisco();
    private final MemoryRosterStore roster = new MemoryRosterStore();
    private final DiscoInfoHandler handler = new DiscoInfoHandler(registry, account, roster);
    private final RecordingContext ctx = new RecordingContext();

    private static Stanza info(String from, String to, String node) {
        XmlElement query = XmlElement.builder("query", INFO).attribute("node", node).build();
        return Stanza.iq("get").id("i1").from(Jid.parse(from)).to(to == null ? null : Jid.parse(to))
                .child(query).build();
    }

    @Test
    void serverAnswersWithItsIdentityAndTheSortedFeaturesOfThePluginsPresent() {
        assertEquals(Outcome.HANDLED, handler.handle(info("juliet@capulet.lit/balcony", "capulet.lit", null), ctx));
        assertEquals("<iq type='result' id='i1' from='capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='" + INFO + "'>"
                + "<identity category='server' type='im' name='Confab'/>"
                + "<feature var='" + INFO + "'/>"
                + "<feature var='" + ITEMS + "'/>"
                + "<feature var='urn:xmpp:ping'/>"
                + "</query></iq>", ctx.onlyXml());
    }

    @Test
    void strangersOnAnotherServerMayAskTheServerToo() {
        handler.handle(info("romeo@montague.lit/orchard", "capulet.lit", null), ctx);
        assertEquals("result", ctx.sent.get(0).type());
    }

    @Test
    void featuresFollowTheRegistry() {
        registry.features.add("jabber:iq:version");
        handler.handle(info("juliet@capulet.lit/balcony", "capulet.lit", null), ctx);
        registry.features.remove("urn:xmpp:ping");
        handler.handle(info("juliet@capulet.lit/balcony", "capulet.lit", null), ctx);

        assertEquals("<query xmlns='" + INFO + "'>"
                + "<identity category='server' type='im' name='Confab'/>"
                + "<feature var='" + INFO + "'/>"
                + "<feature var='" + ITEMS + "'/>"
                + "<feature var='jabber:iq:version'/>"
                + "<feature var='urn:xmpp:ping'/>"
                + "</query>", ctx.sent.get(0).payload().toXml());
        assertEquals("<query xmlns='" + INFO + "'>"
                + "<identity category='server' type='im' name='Confab'/>"
                + "<feature var='" + INFO + "'/>"
                + "<feature var='" + ITEMS + "'/>"
                + "<feature var='jabber:iq:version'/>"
                + "</query>", ctx.sent.get(1).payload().toXml());
    }

    @Test
    void ownerAsksItsAccount() {
        handler.handle(info("juliet@capulet.lit/balcony", "juliet@capulet.lit", null), ctx);
        assertEquals("<iq type='result' id='i1' from='juliet@capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='" + INFO + "'>"
                + "<identity category='account' type='registered'/>"
                + "<feature var='" + INFO + "'/>"
                + "<feature var='" + ITEMS + "'/>"
                + "<feature var='urn:xmpp:ping'/>"
                + "</query></iq>", ctx.onlyXml());
    }

    @Test
    void noAddresseeMeansTheSendersAccount() {
        handler.handle(info("juliet@capulet.lit/balcony", null, null), ctx);
        assertEquals("<identity xmlns='" + INFO + "' category='account' type='registered'/>",
                ctx.sent.get(0).payload().firstElement().toXml());
    }

    @Test
    void strangerAskingAnAccountGetsServiceUnavailable() {
        assertEquals(Outcome.HANDLED, handler.handle(info("romeo@montague.lit/orchard", "juliet@capulet.lit", null), ctx));
        assertEquals("<iq type='error' id='i1' from='juliet@capulet.lit' to='romeo@montague.lit/orchard'>"
                + "<query xmlns='" + INFO + "'/>"
                + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                + "</iq>", ctx.onlyXml());
    }

    @Test
    void strangerAskingAnUnknownNodeOfAnAccountStillGetsServiceUnavailable() {
        handler.handle(info("romeo@montague.lit/orchard", "juliet@capulet.lit", "secret"), ctx);
        assertEquals("service-unavailable", errorCondition(ctx.sent.get(0)));
    }

    @Test
    void unknownNodeIsItemNotFoundAndTheQueryIsEchoed() {
        handler.handle(info("juliet@capulet.lit/balcony", "capulet.lit", "http://jabber.org/protocol/commands"), ctx);
        assertEquals("<iq type='error' id='i1' from='capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='" + INFO + "' node='http://jabber.org/protocol/commands'/>"
                + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                + "</iq>", ctx.onlyXml());
    }

    @Test
    void unknownNodeOfTheOwnAccountIsItemNotFound() {
        handler.handle(info("juliet@capulet.lit/balcony", "juliet@capulet.lit", "x"), ctx);
        assertEquals("item-not-found", errorCondition(ctx.sent.get(0)));
    }

    private static final String PUBSUB = "http://jabber.org/protocol/pubsub";

    /** What sm.pep declares, in short. */
    private void pep() {
        account.add(plugin(42, "pubsub", "pep", new String[] {PUBSUB, PUBSUB + "#auto-subscribe"}));
    }

    @Test
    void ownerSeesWhatPluginsAddToAccountsBesideWhatTheServerDoesForIt() {
        pep();
        handler.handle(info("juliet@capulet.lit/balcony", "juliet@capulet.lit", null), ctx);
        assertEquals("<query xmlns='" + INFO + "'>"
                + "<identity category='account' type='registered'/>"
                + "<identity category='pubsub' type='pep'/>"
                + "<feature var='" + INFO + "'/>"
                + "<feature var='" + ITEMS + "'/>"
                + "<feature var='" + PUBSUB + "'/>"
                + "<feature var='" + PUBSUB + "#auto-subscribe'/>"
                + "<feature var='urn:xmpp:ping'/>"
                + "</query>", ctx.sent.get(0).payload().toXml());
    }

    @Test
    void theServerNeverClaimsWhatPluginsAddToAccounts() {
        pep();
        handler.handle(info("juliet@capulet.lit/balcony", "capulet.lit", null), ctx);
        String xml = ctx.onlyXml();
        assertEquals(-1, xml.indexOf("pubsub"), xml);
    }

    @Test
    void aContactWithAPresenceSubscriptionSeesOnlyWhatTheAccountOffers() {
        pep();
        roster.add("juliet", "romeo@montague.lit", Subscription.from);
        handler.handle(info("romeo@montague.lit/orchard", "juliet@capulet.lit", null), ctx);
        assertEquals("<iq type='result' id='i1' from='juliet@capulet.lit' to='romeo@montague.lit/orchard'>"
                + "<query xmlns='" + INFO + "'>"
                + "<identity category='account' type='registered'/>"
                + "<identity category='pubsub' type='pep'/>"
                + "<feature var='" + INFO + "'/>"
                + "<feature var='" + PUBSUB + "'/>"
                + "<feature var='" + PUBSUB + "#auto-subscribe'/>"
                + "</query></iq>", ctx.onlyXml());
    }

    @Test
    void aContactSeesTheAccountEvenWithoutPlugins() {
        roster.add("juliet", "romeo@montague.lit", Subscription.both);
        handler.handle(info("romeo@montague.lit/orchard", "juliet@capulet.lit", null), ctx);
        assertEquals("<query xmlns='" + INFO + "'>"
                + "<identity category='account' type='registered'/>"
                + "<feature var='" + INFO + "'/>"
                + "</query>", ctx.sent.get(0).payload().toXml());
    }

    @Test
    void aContactWithoutASubscriptionToTheAccountIsAStranger() {
        pep();
        roster.add("juliet", "romeo@montague.lit", Subscription.to); // juliet sees romeo, not the other way round
        handler.handle(info("romeo@montague.lit/orchard", "juliet@capulet.lit", null), ctx);
        assertEquals("service-unavailable", errorCondition(ctx.sent.get(0)));
    }

    @Test
    void aContactAskingANodeGetsItemNotFound() {
        roster.add("juliet", "romeo@montague.lit", Subscription.from);
        handler.handle(info("romeo@montague.lit/orchard", "juliet@capulet.lit", "x"), ctx);
        assertEquals("item-not-found", errorCondition(ctx.sent.get(0)));
    }

    @Test
    void accountFeaturesGoWithThePlugin() {
        pep();
        account.remove(plugin(42, null, null, null));
        handler.handle(info("juliet@capulet.lit/balcony", "juliet@capulet.lit", null), ctx);
        assertEquals(-1, ctx.onlyXml().indexOf("pubsub"), ctx.onlyXml());
    }

    @Test
    void aPluginDeclaringTheAccountIdentityDoesNotDoubleIt() {
        account.add(plugin(43, "account", "registered", null));
        handler.handle(info("juliet@capulet.lit/balcony", "juliet@capulet.lit", null), ctx);
        String xml = ctx.onlyXml();
        assertEquals(xml.indexOf("category='account'"), xml.lastIndexOf("category='account'"), xml);
    }

    @Test
    void aBrokenRosterStoreIsAnInternalErrorNotAStranger() {
        roster.broken = true;
        assertEquals(Outcome.HANDLED, handler.handle(info("romeo@montague.lit/orchard", "juliet@capulet.lit", null),
                ctx));
        assertEquals("internal-server-error", errorCondition(ctx.sent.get(0)));
    }

    static String errorCondition(Stanza s) {
        assertEquals("error", s.type());
        return s.element().child("error", "jabber:client").firstElement().name();
    }

    @Test
    void runInlineByConfigurationItLeavesTheStoresToItsQueue() {
        ctx.mayBlock = false; // xmpp.processor.inline = true in its configuration: called on an event loop first
        assertEquals(Outcome.DEFER, handler.handle(info("juliet@capulet.lit/balcony", "juliet@capulet.lit", null),
                ctx));
        assertTrue(ctx.sent.isEmpty());
    }
}
