package im.confab.sm.time.internal;

import im.confab.test.support.RecordingContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

class TimeHandlerTest {
    private static final Instant NOW = Instant.parse("2006-12-19T17:58:35.123456Z");

    private final RecordingContext ctx = new RecordingContext();

    private static Stanza time(String to) {
        return Stanza.iq("get").id("t1").from(Jid.parse("juliet@capulet.lit/balcony")).to(Jid.parse(to))
                .child(XmlElement.of("time", "urn:xmpp:time")).build();
    }

    @Test
    void serverAnswersWithUtcToTheSecondAndANumericZeroOffset() {
        TimeHandler h = new TimeHandler(Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(Outcome.HANDLED, h.handle(time("capulet.lit"), ctx));
        assertEquals("<iq type='result' id='t1' from='capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<time xmlns='urn:xmpp:time'><tzo>+00:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>"
                + "</iq>", ctx.onlyXml());
    }

    @Test
    void aClockInAnotherZoneGivesThatZonesOffsetAtTheInstantAndStillUtc() {
        // Chicago is at -06:00 in December (XEP-0202's own example) and -05:00 in summer
        new TimeHandler(Clock.fixed(NOW, ZoneId.of("America/Chicago"))).handle(time("capulet.lit"), ctx);
        new TimeHandler(Clock.fixed(Instant.parse("2006-07-01T12:00:00Z"), ZoneId.of("America/Chicago")))
                .handle(time("capulet.lit"), ctx);
        assertEquals("<time xmlns='urn:xmpp:time'><tzo>-06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>",
                ctx.sent.get(0).payload().toXml());
        assertEquals("<time xmlns='urn:xmpp:time'><tzo>-05:00</tzo><utc>2006-07-01T12:00:00Z</utc></time>",
                ctx.sent.get(1).payload().toXml());
    }

    @Test
    void offsetsWithMinutesAndHistoricSeconds() {
        assertEquals("+05:30", EntityTime.tzo(ZoneOffset.ofHoursMinutes(5, 30)));
        assertEquals("-09:30", EntityTime.tzo(ZoneOffset.ofHoursMinutes(-9, -30)));
        assertEquals("+14:00", EntityTime.tzo(ZoneOffset.ofHours(14)));
        assertEquals("+00:19", EntityTime.tzo(ZoneOffset.ofTotalSeconds(19 * 60 + 32))); // Amsterdam, 1930
    }

    @Test
    void anAccountsBareJidIsLeftToTheDefault() {
        TimeHandler h = new TimeHandler(Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(Outcome.PASS, h.handle(time("romeo@montague.lit"), ctx));
        assertTrue(ctx.sent.isEmpty());
    }

    @Test
    void theDefaultClockIsUtc() {
        new TimeHandler().handle(time("capulet.lit"), ctx);
        String xml = ctx.sent.get(0).payload().toXml();
        assertTrue(xml.matches("<time xmlns='urn:xmpp:time'><tzo>\\+00:00</tzo>"
                + "<utc>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</utc></time>"), xml);
    }
}
