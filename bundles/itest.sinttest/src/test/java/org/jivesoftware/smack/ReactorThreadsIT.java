package org.jivesoftware.smack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.test.support.Distribution;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.channels.SelectionKey;

/**
 * The conformance run's workaround for Smack's dying reactor threads ({@link ReactorThreads}): a reactor whose
 * threads died of a request for a key that is gone stalls every modular connection, and restoring them lets the
 * next one connect.
 */
class ReactorThreadsIT {

    @Test
    void aModularConnectionConnectsAgainOnceTheDeadReactorThreadsAreRestored() throws Exception {
        try (Distribution d = new Distribution("reactor").start()) {
            connect(d, 10_000); // the reactor exists and works
            assertEquals(ReactorThreads.COUNT, ReactorThreads.alive());

            // what a failed connection's cleanup does in the race: a new interest set for a key that is gone
            for (int i = 0; i < ReactorThreads.COUNT; i++) {
                SmackReactor.getInstance().setInterestOps(null, SelectionKey.OP_READ);
            }
            Distribution.await("the reactor threads to die", 10, () -> ReactorThreads.alive() == 0);
            assertThrows(Exception.class, () -> connect(d, 2_000), "no reactor thread, no connection");

            assertEquals(ReactorThreads.COUNT, ReactorThreads.restore());
            assertEquals(ReactorThreads.COUNT, ReactorThreads.alive());
            assertTrue(connect(d, 10_000), "connected again");
            assertEquals(0, ReactorThreads.restore(), "nothing to restore while they live");
        }
    }

    private static boolean connect(Distribution d, long replyTimeout) throws Exception {
        ModularXmppClientToServerConnection c = new ModularXmppClientToServerConnection(
                ModularXmppClientToServerConnectionConfiguration.builder()
                        .setXmppDomain("localhost").setHost("127.0.0.1").setPort(d.port)
                        .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(d.trustManager())
                        .build());
        c.setReplyTimeout(replyTimeout);
        try {
            c.connect();
            return c.isConnected();
        } finally {
            c.disconnect();
        }
    }
}
