package im.confab.itest.e2e;

import im.confab.test.support.Distribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.Test;

/** Server-initiated pings (XEP-0199, ejabberd's mod_ping): a client that stops answering is disconnected. */
class PingE2EIT {
    @Test
    void aClientThatStopsAnsweringIsKilledAfterIntervalPlusTimeout() throws Exception {
        try (Distribution d = new Distribution("ping").start()) {
            assertEquals(0, d.ctl("confab:useradd", "quiet", "q-pass").status());
            assertEquals(0, d.ctl("confab:useradd", "lively", "l-pass").status());
            XMPPTCPConnection lively = Clients.connect(d, "lively", "l-pass", "on", "SCRAM-SHA-256");
            XMPPTCPConnection quiet = Clients.connect(d, "quiet", "q-pass", "off", "SCRAM-SHA-256");
            PingManager.getInstanceFor(lively); // answers server pings
            PingManager.getInstanceFor(quiet);
            // this client ignores pings: no handler and no automatic error reply
            quiet.setUnknownIqRequestReplyMode(SmackConfiguration.UnknownIqRequestReplyMode.doNotReply);
            quiet.unregisterIQRequestHandler(Ping.ELEMENT, Ping.NAMESPACE, IQ.Type.get);
            CompletableFuture<Exception> quietClosed = closedFuture(quiet);
            CompletableFuture<Exception> livelyClosed = closedFuture(lively);

            // configured live: FileInstall picks the file up within a second
            Files.writeString(d.home.resolve("conf/xmpp.sm.ping.cfg"),
                    "send.pings=true\nping.interval=2\nping.ack.timeout=2\ntimeout.action=kill\n");
            long t0 = System.nanoTime();
            Exception e = quietClosed.get(30, TimeUnit.SECONDS);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            assertTrue(e instanceof XMPPException.StreamErrorException, String.valueOf(e));
            assertEquals(StreamError.Condition.connection_timeout,
                    ((XMPPException.StreamErrorException) e).getStreamError().getCondition());
            assertTrue(seconds >= 3 && seconds <= 12, "closed after " + seconds + " s, expected about 4-6");

            Thread.sleep(5000); // the answering client lives on through more intervals
            assertTrue(!livelyClosed.isDone() && lively.isAuthenticated(), "the client that answers stays");
            lively.disconnect();
        }
    }

    static CompletableFuture<Exception> closedFuture(XMPPTCPConnection c) {
        CompletableFuture<Exception> f = new CompletableFuture<>();
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                f.complete(e);
            }
        });
        return f;
    }
}
