package im.confab.sm.version.internal;

import im.confab.test.support.RecordingContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;

class VersionHandlerTest {
    private final RecordingContext ctx = new RecordingContext();

    /** A configuration as SCR would build it from conf/xmpp.sm.version.cfg. */
    static VersionHandler.Config config(boolean showOs) {
        return new VersionHandler.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return VersionHandler.Config.class;
            }

            @Override
            public boolean show_os() {
                return showOs;
            }
        };
    }

    private static Stanza version(String to) {
        return Stanza.iq("get").id("v1").from(Jid.parse("juliet@capulet.lit/balcony")).to(Jid.parse(to))
                .child(XmlElement.of("query", "jabber:iq:version")).build();
    }

    @Test
    void serverAnswersWithNameAndBundleVersionButNoOsByDefault() {
        VersionHandler h = new VersionHandler("0.1.0.SNAPSHOT", "Linux", config(false));
        assertEquals(Outcome.HANDLED, h.handle(version("capulet.lit"), ctx));
        assertEquals("<iq type='result' id='v1' from='capulet.lit' to='juliet@capulet.lit/balcony'>"
                + "<query xmlns='jabber:iq:version'><name>Confab</name><version>0.1.0.SNAPSHOT</version></query>"
                + "</iq>", ctx.onlyXml());
    }

    @Test
    void osIsShownWhenConfiguredAndFollowsAModification() {
        VersionHandler h = new VersionHandler("1.2.3", "Linux", config(true));
        h.handle(version("capulet.lit"), ctx);
        h.modified(config(false));
        h.handle(version("capulet.lit"), ctx);
        assertEquals("<query xmlns='jabber:iq:version'><name>Confab</name><version>1.2.3</version>"
                + "<os>Linux</os></query>", ctx.sent.get(0).payload().toXml());
        assertEquals("<query xmlns='jabber:iq:version'><name>Confab</name><version>1.2.3</version></query>",
                ctx.sent.get(1).payload().toXml());
    }

    @Test
    void anUnknownOsIsLeftOutEvenWhenConfigured() {
        new VersionHandler("1.2.3", null, config(true)).handle(version("capulet.lit"), ctx);
        assertEquals("<query xmlns='jabber:iq:version'><name>Confab</name><version>1.2.3</version></query>",
                ctx.sent.get(0).payload().toXml());
    }

    @Test
    void anAccountsBareJidIsLeftToTheDefault() {
        VersionHandler h = new VersionHandler("1.2.3", "Linux", config(true));
        assertEquals(Outcome.PASS, h.handle(version("romeo@montague.lit"), ctx));
        assertTrue(ctx.sent.isEmpty());
    }

    @Test
    void textIsEscaped() {
        new VersionHandler("1.0.0.a<b", "Win & Co", config(true)).handle(version("capulet.lit"), ctx);
        assertEquals("<query xmlns='jabber:iq:version'><name>Confab</name><version>1.0.0.a&lt;b</version>"
                + "<os>Win &amp; Co</os></query>", ctx.sent.get(0).payload().toXml());
    }
}
