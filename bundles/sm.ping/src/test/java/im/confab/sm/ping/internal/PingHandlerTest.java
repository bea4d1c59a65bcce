package im.confab.sm.ping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class PingHandlerTest {
    @Test
    void answersWithAnEmptyResultFromTheAddressee() {
        List<Stanza> out = new ArrayList<>();
        StanzaContext ctx = new StanzaContext() {
            @Override
            public void send(Stanza stanza) {
                out.add(stanza);
            }

            @Override
            public ClientSession origin() {
                return null;
            }

            @Override
            public Direction direction() {
                return Direction.TO_LOCAL;
            }
        };
        Stanza ping = Stanza.iq("get").id("p1").from(Jid.parse("juliet@capulet.lit/balcony"))
                .to(Jid.parse("capulet.lit")).child(XmlElement.of("ping", "urn:xmpp:ping")).build();
        assertEquals(Outcome.HANDLED, new PingHandler().handle(ping, ctx));
        assertEquals(1, out.size());
        Stanza r = out.get(0);
        assertEquals("result", r.type());
        assertEquals("p1", r.id());
        assertEquals(Jid.parse("capulet.lit"), r.from());
        assertEquals(Jid.parse("juliet@capulet.lit/balcony"), r.to());
        assertNull(r.payload());
        assertEquals("<iq type='result' id='p1' from='capulet.lit' to='juliet@capulet.lit/balcony'/>", r.toXml());
    }
}
