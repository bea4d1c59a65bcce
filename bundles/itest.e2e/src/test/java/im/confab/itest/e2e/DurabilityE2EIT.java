package im.confab.itest.e2e;

import im.confab.test.support.Distribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/** Once the server has accepted a message for an offline user, kill -9 loses nothing. */
class DurabilityE2EIT {
    @Test
    void offlineMessagesSurviveKillMinus9() throws Exception {
        try (Distribution d = new Distribution("durability").start()) {
            assertEquals(0, d.ctl("confab:useradd", "sender", "s-pw").status());
            assertEquals(0, d.ctl("confab:useradd", "away", "a-pw").status());
            XMPPTCPConnection sender = Clients.connect(d, "sender", "s-pw", "x", "SCRAM-SHA-256");
            for (int i = 1; i <= 5; i++) {
                Message m = new Message(JidCreate.from("away@localhost"), "kept " + i);
                m.setType(Message.Type.chat);
                sender.sendStanza(m);
            }
            // accepted = the offline plugin stored it (its count moves only after the store committed)
            Distribution.await("5 messages stored", 20, () -> ImE2EIT.storedOffline(d) >= 5);
            d.kill(); // SIGKILL: no shutdown hook runs
            d.start();

            XMPPTCPConnection away = Clients.connectNoPresence(d, "away", "a-pw", "back");
            try {
                StanzaCollector got = away.createStanzaCollector(StanzaTypeFilter.MESSAGE);
                away.sendStanza(new Presence(Presence.Type.available));
                for (int i = 1; i <= 5; i++) {
                    Message m = got.nextResult(10_000);
                    assertNotNull(m, "message " + i + " after kill -9");
                    assertEquals("kept " + i, m.getBody());
                    assertNotNull(DelayInformation.from(m));
                }
                assertNull(got.nextResult(500));
            } finally {
                away.disconnect();
            }
        }
    }
}
