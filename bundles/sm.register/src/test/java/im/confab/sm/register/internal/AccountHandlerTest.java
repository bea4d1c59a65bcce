package im.confab.sm.register.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.auth.ScramCredentials;
import im.confab.api.jid.Jid;
import im.confab.api.sm.Outcome;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.RecordingContext;
import org.junit.jupiter.api.Test;

/** XEP-0077 for a logged-in account: a password change, where the plugin may block. */
class AccountHandlerTest {
    private final PreAuthRegistrationTest.Accounts accounts = new PreAuthRegistrationTest.Accounts();
    private final AccountHandler handler = new AccountHandler(accounts, new FakeSessionManager("capulet.lit"),
            new PreAuthRegistration(accounts, PreAuthRegistrationTest.config(false)));

    private static Stanza changePassword(String password) {
        return Stanza.iq("set").id("r1").from(Jid.parse("juliet@capulet.lit/balcony"))
                .to(Jid.parse("juliet@capulet.lit")).child(XmlElement.builder("query", Register.NS)
                        .textChild("username", "juliet").textChild("password", password).build()).build();
    }

    @Test
    void runInlineByConfigurationAPasswordChangeWaitsForTheQueue() {
        accounts.create("juliet", "romeo-romeo");
        ScramCredentials before = accounts.users.get("juliet");

        RecordingContext ctx = new RecordingContext();
        ctx.mayBlock = false; // xmpp.processor.inline = true in its configuration: called on an event loop first
        assertEquals(Outcome.DEFER, handler.handle(changePassword("wherefore-art-thou"), ctx));
        assertTrue(ctx.sent.isEmpty());
        assertSame(before, accounts.users.get("juliet"));

        ctx.mayBlock = true;
        assertEquals(Outcome.HANDLED, handler.handle(changePassword("wherefore-art-thou"), ctx));
        assertEquals("result", ctx.sent.get(0).type());
        assertNotEquals(before, accounts.users.get("juliet"));
    }
}
