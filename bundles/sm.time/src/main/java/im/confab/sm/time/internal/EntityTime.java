package im.confab.sm.time.internal;

import im.confab.api.xml.XmlElement;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The {@code <time xmlns='urn:xmpp:time'/>} payload (XEP-0202 section 3) in the formats of XEP-0082. */
final class EntityTime {
    static final String NAMESPACE = "urn:xmpp:time";

    private EntityTime() {
    }

    /** @return the element for the clock's current instant and the offset of its zone at that instant */
    static XmlElement of(Clock clock) {
        Instant now = clock.instant();
        return of(now, clock.getZone().getRules().getOffset(now));
    }

    static XmlElement of(Instant now, ZoneOffset offset) {
        return XmlElement.builder("time", NAMESPACE)
                .textChild("tzo", tzo(offset))
                .textChild("utc", utc(now))
                .build();
    }

    /**
     * XEP-0082 dateTime in UTC, to the second: {@code 2006-12-19T17:58:35Z}. Fractions are optional there and
     * a client gains nothing from them across a network.
     */
    static String utc(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * XEP-0082 TZD as a numeric offset, {@code +hh:mm} or {@code -hh:mm}: XEP-0202 calls tzo a numeric offset,
     * so UTC is {@code +00:00} rather than {@code Z}. Seconds, which only historical zones have, are dropped.
     */
    static String tzo(ZoneOffset offset) {
        int total = offset.getTotalSeconds();
        int minutes = Math.abs(total) / 60;
        return String.format("%s%02d:%02d", total < 0 ? "-" : "+", minutes / 60, minutes % 60);
    }
}
