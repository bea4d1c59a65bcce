package im.confab.itest.e2e;

import im.confab.test.support.Distribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.parts.Localpart;

/** XEP-0077 with Smack's AccountManager: registration when conf/ opens it, password change, removal. */
class RegisterE2EIT {
    static XMPPTCPConnection connectOnly(Distribution d) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost").setHostAddress(InetAddress.getLoopbackAddress()).setPort(d.port)
                .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(d.trustManager()).build());
        c.connect(); // STARTTLS done, not authenticated
        return c;
    }

    @Test
    void registerChangePasswordAndRemoveInBand() throws Exception {
        try (Distribution d = new Distribution("register")) {
            Files.writeString(d.home.resolve("conf/xmpp.sm.register.cfg"), "allow.registration=true\n");
            d.start();
            XMPPTCPConnection anon = connectOnly(d);
            AccountManager am = AccountManager.getInstance(anon);
            assertTrue(am.supportsAccountCreation(), "the stream feature is offered");
            am.createAccount(Localpart.from("newcomer"), "first-password");
            XMPPException.XMPPErrorException taken = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> am.createAccount(Localpart.from("newcomer"), "another-password"));
            assertEquals("conflict", taken.getStanzaError().getCondition().toString());
            anon.disconnect();

            XMPPTCPConnection user = Clients.connect(d, "newcomer", "first-password", "r", "SCRAM-SHA-256");
            AccountManager.getInstance(user).changePassword("second-password");
            user.disconnect();
            assertThrows(SASLErrorException.class,
                    () -> Clients.connect(d, "newcomer", "first-password", "r", "SCRAM-SHA-256"));
            XMPPTCPConnection again = Clients.connect(d, "newcomer", "second-password", "r", "SCRAM-SHA-256");
            AccountManager.getInstance(again).deleteAccount();
            // XEP-0077 3.2: after the result, the server ends the sessions of the removed account (not-authorized)
            Distribution.await("the server to end the removed account's stream", 5, () -> !again.isConnected());
            assertFalse(d.ctl("confab:users").output().contains("newcomer"), "the account is gone");
            assertThrows(SASLErrorException.class,
                    () -> Clients.connect(d, "newcomer", "second-password", "r", "SCRAM-SHA-256"));
        }
    }

    @Test
    void closedByDefault() throws Exception {
        try (Distribution d = new Distribution("register-closed").start()) {
            XMPPTCPConnection anon = connectOnly(d);
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> AccountManager.getInstance(anon).createAccount(Localpart.from("intruder"), "long-enough-1"));
            assertEquals("service-unavailable", e.getStanzaError().getCondition().toString());
            assertTrue(anon.isConnected(), "a polite no, not the end of the stream");
            assertFalse(d.ctl("confab:users").output().contains("intruder"));
            anon.disconnect();
        }
    }
}
