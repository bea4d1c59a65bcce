package im.confab.sm.ping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

class PingHandlerTest {
    @Test
    void answersWithAnEmptyResultFromTheAddressee() {
        RecordingContext ctx = new RecordingContext();
        Stanza ping = Stanza.iq("get").id("p1").from(Jid.parse("juliet@capulet.lit/balcony"))
                .to(Jid.parse("capulet.lit")).child(XmlElement.of("ping", "urn:xmpp:ping")).build();
        assertEquals(Outcome.HANDLED, new PingHandler().handle(ping, ctx));
        assertEquals(1, ctx.sent.size());
        Stanza r = ctx.sent.get(0);
        assertEquals("result", r.type());
        assertEquals("p1", r.id());
        assertEquals(Jid.parse("capulet.lit"), r.from());
        assertEquals(Jid.parse("juliet@capulet.lit/balcony"), r.to());
        assertNull(r.payload());
        assertEquals("<iq type='result' id='p1' from='capulet.lit' to='juliet@capulet.lit/balcony'/>", r.toXml());
    }
}
