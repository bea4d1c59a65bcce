package im.confab.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.router.Component;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.Xml;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class DomainRouterTest {
    static final class Recorder implements Component {
        final List<Stanza> got = new ArrayList<>();

        @Override
        public void receive(Stanza stanza) {
            got.add(stanza);
        }
    }

    static Map<String, Object> props(Object domains, int ranking, long id) {
        Map<String, Object> m = new HashMap<>();
        m.put(Component.DOMAIN_PROPERTY, domains);
        m.put(Constants.SERVICE_RANKING, ranking);
        m.put(Constants.SERVICE_ID, id);
        return m;
    }

    static Stanza msg(String from, String to) {
        return Stanza.message().type("chat").from(Jid.parse(from)).to(Jid.parse(to)).body("hi").build();
    }

    @Test
    void routesByDomainAndFollowsBindUnbind() {
        DomainRouter r = new DomainRouter(null);
        Recorder sm = new Recorder();
        Recorder muc = new Recorder();
        r.add(RouteTable.Route.of(sm), props("localhost", 0, 1));
        r.add(RouteTable.Route.of(muc), props(new String[] {"conference.localhost"}, 0, 2));
        r.route(msg("a@localhost/x", "b@localhost"));
        r.route(msg("a@localhost/x", "room@conference.localhost"));
        assertEquals(1, sm.got.size());
        assertEquals(1, muc.got.size());

        r.remove(2);
        r.route(msg("a@localhost/x", "room@conference.localhost"));
        // the sender gets remote-server-not-found back through its own domain
        assertEquals(2, sm.got.size());
        Stanza bounce = sm.got.get(1);
        assertEquals("error", bounce.type());
        assertEquals(Jid.parse("a@localhost/x"), bounce.to());
        assertTrue(bounce.toXml().contains("<remote-server-not-found xmlns='" + Xml.XMPP_STANZAS + "'/>"));
    }

    @Test
    void errorsAreNeverBounced() {
        DomainRouter r = new DomainRouter(null);
        Recorder sm = new Recorder();
        r.add(RouteTable.Route.of(sm), props("localhost", 0, 1));
        r.route(msg("a@localhost/x", "b@elsewhere.example").withType("error"));
        assertEquals(0, sm.got.size());
    }

    @Test
    void higherRankingWinsADomainAndDefaultRouteCatchesTheRest() {
        DomainRouter r = new DomainRouter(null);
        Recorder low = new Recorder();
        Recorder high = new Recorder();
        Recorder s2s = new Recorder();
        r.add(RouteTable.Route.of(low), props("localhost", 0, 1));
        r.add(RouteTable.Route.of(high), props("localhost", 10, 2));
        r.add(RouteTable.Route.of(s2s), props("*", 0, 3));
        r.route(msg("a@localhost/x", "b@localhost"));
        r.route(msg("a@localhost/x", "c@remote.example"));
        assertEquals(0, low.got.size());
        assertEquals(1, high.got.size());
        assertEquals(1, s2s.got.size());
    }

    @Test
    void domainsAreNormalized() {
        assertEquals(List.of("localhost", "example.org"),
                List.of(DomainRouter.domains("LocalHost, example.org.")));
    }
}
