package im.confab.itest.e2e;

import im.confab.test.support.Distribution;
import java.net.InetAddress;


import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/** Smack clients configured for a test distribution: STARTTLS required, trusting its self-signed certificate. */
final class Clients {
    static {
        SASLAuthentication.registerSASLMechanism(new ScramSha256Mechanism());
        SASLAuthentication.unBlacklistSASLMechanism("PLAIN");
    }

    private Clients() {
    }

    static XMPPTCPConnection connect(Distribution d, String user, String password, String resource,
                                     String mechanism) throws Exception {
        return connect(d, user, password, resource, mechanism, true);
    }

    /** Logs in without sending initial presence (the test sends it when ready). */
    static XMPPTCPConnection connectNoPresence(Distribution d, String user, String password, String resource)
            throws Exception {
        return connect(d, user, password, resource, "SCRAM-SHA-256", false);
    }

    static XMPPTCPConnection connect(Distribution d, String user, String password, String resource,
                                     String mechanism, boolean presence) throws Exception {
        XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost")
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(d.port)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(d.trustManager())
                .setUsernameAndPassword(user, password)
                .addEnabledSaslMechanism(mechanism)
                .setSendPresence(presence);
        if (resource != null) {
            b.setResource(resource);
        }
        XMPPTCPConnection c = new XMPPTCPConnection(b.build());
        c.setReplyTimeout(10_000);
        c.connect().login();
        return c;
    }
}
