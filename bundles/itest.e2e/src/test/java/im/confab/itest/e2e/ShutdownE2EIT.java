package im.confab.itest.e2e;

import im.confab.test.support.Distribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/** SIGTERM stops the server cleanly: open streams are told and closed, accounts survive a restart. */
class ShutdownE2EIT {
    @Test
    void sigtermClosesStreamsCleanlyAndAccountsSurviveRestart() throws Exception {
        try (Distribution d = new Distribution("shutdown").start()) {
            assertEquals(0, d.ctl("confab:useradd", "carol", "s3cret").status());
            Distribution.Result bad = d.ctl("confab:no-such-command");
            assertNotEquals(0, bad.status(), bad.output());

            XMPPTCPConnection carol = Clients.connect(d, "carol", "s3cret", "desk", "SCRAM-SHA-256");
            CompletableFuture<Exception> closed = new CompletableFuture<>();
            carol.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    closed.complete(e);
                }

                @Override
                public void connectionClosed() {
                    closed.complete(null);
                }
            });
            RawStream raw = new RawStream(new Socket(InetAddress.getLoopbackAddress(), d.port));
            raw.send(RawStream.HEADER).readUntil("</stream:features>", Duration.ofSeconds(10));

            byte[] confBefore = Files.readAllBytes(d.home.resolve("conf/xmpp.c2s.cfg"));
            assertEquals(0, d.stop(Duration.ofSeconds(30)), "exit status after SIGTERM");

            String tail = raw.readToEnd(Duration.ofSeconds(10));
            assertTrue(tail.contains("<system-shutdown"), tail);
            assertTrue(tail.endsWith("</stream:stream>"), tail);
            raw.close();
            Exception e = closed.get(10, TimeUnit.SECONDS);
            assertTrue(e instanceof XMPPException.StreamErrorException, String.valueOf(e));
            assertEquals(StreamError.Condition.system_shutdown,
                    ((XMPPException.StreamErrorException) e).getStreamError().getCondition());
            assertEquals(new String(confBefore), Files.readString(d.home.resolve("conf/xmpp.c2s.cfg")),
                    "the server never writes conf/");
            assertFalse(Files.exists(d.home.resolve("data/run/confabctl.sock")), "socket removed on stop");

            // the same data dir, started again: the account and its password are still there
            d.start();
            XMPPTCPConnection again = Clients.connect(d, "carol", "s3cret", "desk", "SCRAM-SHA-256");
            assertTrue(again.isAuthenticated());
            again.disconnect();
            Path db = d.home.resolve("data");
            assertTrue(Files.walk(db).noneMatch(p -> p.toString().endsWith(".cfg")));
        }
    }
}
