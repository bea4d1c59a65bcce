package im.confab.itest.sinttest;

import org.igniterealtime.smack.inttest.XmppConnectionDescriptor;
import org.igniterealtime.smack.inttest.XmppConnectionManager;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

import java.util.List;

import javax.net.ssl.X509TrustManager;

/**
 * sinttest 4.5.0-beta5 connects to port 5222 of the service's host: its connection descriptors are registered
 * again here with the distribution's loopback port and a trust manager for exactly the server's generated
 * certificate (the host name is still checked against the domain).
 */
final class LoopbackDescriptors {
    private LoopbackDescriptors() {
    }

    static void use(int port, X509TrustManager trust) throws NoSuchMethodException {
        XmppConnectionManager.addConnectionDescriptor(XmppConnectionDescriptor.buildWith(XMPPTCPConnection.class,
                        XMPPTCPConnectionConfiguration.class, XMPPTCPConnectionConfiguration.Builder.class)
                .withNickname("tcp")
                .applyExtraConfiguration(b -> b.setHost("127.0.0.1").setPort(port).setCustomX509TrustManager(trust))
                .build());
        // the low-level tests of the modular connection take the first descriptor of that class: the WebSocket
        // ones (Confab has no WebSocket listener yet) and the compression-less variant go, ours is the only one
        for (String nickname : List.of("modular-websocket-okhttp", "modular-websocket-java11", "modular-nocompress",
                "modular")) {
            XmppConnectionManager.removeConnectionDescriptor(nickname);
        }
        XmppConnectionManager.addConnectionDescriptor(XmppConnectionDescriptor.buildWith(
                        ModularXmppClientToServerConnection.class,
                        ModularXmppClientToServerConnectionConfiguration.class,
                        ModularXmppClientToServerConnectionConfiguration.Builder.class)
                .withNickname("modular")
                .applyExtraConfiguration(b -> b.setHost("127.0.0.1").setPort(port).setCustomX509TrustManager(trust))
                .build());
    }
}
