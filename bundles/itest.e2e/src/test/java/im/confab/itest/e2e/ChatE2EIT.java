package im.confab.itest.e2e;

import im.confab.test.support.Distribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Nonza;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The foundation's promise, against the real distribution over TCP: accounts made with confabctl, Smack
 * clients logging in over STARTTLS with SCRAM, chatting by full and bare JID, pinging the server, and a
 * client that breaks XML losing only its own stream.
 */
class ChatE2EIT {
    static Distribution server;

    @BeforeAll
    static void start() throws Exception {
        server = new Distribution("chat").start();
        for (String[] u : new String[][] {{"alice", "wonderland"}, {"bob", "builder"}, {"mallory", "evil"}}) {
            Distribution.Result r = server.ctl("confab:useradd", u[0], u[1]);
            assertEquals(0, r.status(), r.output());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static Message chat(String to, String body) throws Exception {
        Message m = new Message(JidCreate.from(to), body);
        m.setType(Message.Type.chat);
        return m;
    }

    @Test
    void twoClientsLogInWithScramSha256AndChatByFullAndBareJid() throws Exception {
        XMPPTCPConnection alice = Clients.connect(server, "alice", "wonderland", "phone", "SCRAM-SHA-256");
        XMPPTCPConnection bob = Clients.connect(server, "bob", "builder", "pc", "SCRAM-SHA-256");
        try {
            assertTrue(alice.isSecureConnection());
            assertEquals("SCRAM-SHA-256", alice.getUsedSaslMechansism());
            assertEquals("alice@localhost/phone", alice.getUser().toString());
            // both sent initial presence on login; a ping answered afterwards proves the server has seen it
            assertTrue(PingManager.getInstanceFor(bob).pingMyServer());
            assertTrue(PingManager.getInstanceFor(alice).pingMyServer());

            StanzaCollector atBob = bob.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE,
                    FromMatchesFilter.createFull(alice.getUser())));
            alice.sendStanza(chat("bob@localhost/pc", "to your full JID"));
            Message m1 = atBob.nextResult(10_000);
            assertNotNull(m1, "bob got nothing");
            assertEquals("to your full JID", m1.getBody());
            assertEquals("alice@localhost/phone", m1.getFrom().toString()); // stamped by the server

            alice.sendStanza(chat("bob@localhost", "to your bare JID"));
            Message m2 = atBob.nextResult(10_000);
            assertNotNull(m2, "bob got nothing for his bare JID");
            assertEquals("to your bare JID", m2.getBody());
            atBob.cancel();

            StanzaCollector atAlice = alice.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE,
                    FromMatchesFilter.createFull(bob.getUser())));
            bob.sendStanza(chat("alice@localhost", "and back"));
            Message m3 = atAlice.nextResult(10_000);
            assertNotNull(m3);
            assertEquals("and back", m3.getBody());
            atAlice.cancel();

            Distribution.Result sessions = server.ctl("confab:sessions");
            assertEquals(0, sessions.status(), sessions.output());
            assertTrue(sessions.output().contains("alice@localhost/phone"), sessions.output());
            assertTrue(sessions.output().contains("TLSv1."), sessions.output());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void scramSha1AndPlainWorkToo() throws Exception {
        for (String mech : new String[] {"SCRAM-SHA-1", "PLAIN"}) {
            XMPPTCPConnection c = Clients.connect(server, "bob", "builder", null, mech);
            try {
                assertEquals(mech, c.getUsedSaslMechansism());
                assertTrue(c.getUser().getResourceOrEmpty().toString().startsWith("confab-"), "server-made resource");
                assertTrue(PingManager.getInstanceFor(c).pingMyServer());
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        SASLErrorException e = assertThrows(SASLErrorException.class,
                () -> Clients.connect(server, "alice", "not-her-password", null, "SCRAM-SHA-256"));
        assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
        assertThrows(SASLErrorException.class, () -> Clients.connect(server, "nobody", "x", null, "PLAIN"));
    }

    @Test
    void malformedXmlEndsOnlyThatStream() throws Exception {
        XMPPTCPConnection bob = Clients.connect(server, "bob", "builder", "stays", "SCRAM-SHA-256");
        XMPPTCPConnection mallory = Clients.connect(server, "mallory", "evil", "breaks", "SCRAM-SHA-256");
        try {
            CompletableFuture<Exception> closed = new CompletableFuture<>();
            mallory.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    closed.complete(e);
                }
            });
            mallory.sendNonza(new Nonza() {
                @Override
                public String getNamespace() {
                    return "jabber:client";
                }

                @Override
                public String getElementName() {
                    return "message";
                }

                @Override
                public CharSequence toXML(XmlEnvironment env) {
                    return "<message to='bob@localhost'><body>broken</message>";
                }
            });
            Exception e = closed.get(15, TimeUnit.SECONDS);
            assertTrue(e instanceof XMPPException.StreamErrorException, String.valueOf(e));
            assertEquals(StreamError.Condition.not_well_formed,
                    ((XMPPException.StreamErrorException) e).getStreamError().getCondition());
            assertTrue(bob.isConnected());
            assertTrue(PingManager.getInstanceFor(bob).pingMyServer(), "the other client is unaffected");
        } finally {
            bob.disconnect();
            if (mallory.isConnected()) {
                mallory.disconnect();
            }
        }
    }

    @Test
    void restrictedXmlAndOversizedStanzasGetStreamErrors() throws Exception {
        try (RawStream s = new RawStream(new Socket(InetAddress.getLoopbackAddress(), server.port))) {
            s.send(RawStream.HEADER).readUntil("</stream:features>", Duration.ofSeconds(10));
            s.send("<!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>");
            String got = s.readToEnd(Duration.ofSeconds(10));
            assertTrue(got.contains("<restricted-xml") || got.contains("<not-well-formed"), got);
            assertTrue(got.endsWith("</stream:stream>"), got);
        }
        try (RawStream s = new RawStream(new Socket(InetAddress.getLoopbackAddress(), server.port))) {
            s.send(RawStream.HEADER).readUntil("</stream:features>", Duration.ofSeconds(10));
            s.send("<message><body>" + "x".repeat(300 * 1024) + "</body></message>");
            assertTrue(s.readToEnd(Duration.ofSeconds(10)).contains("<policy-violation"));
        }
        try (RawStream s = new RawStream(new Socket(InetAddress.getLoopbackAddress(), server.port))) {
            s.send(RawStream.HEADER.replace("to='localhost'", "to='unknown.example'"));
            assertTrue(s.readToEnd(Duration.ofSeconds(10)).contains("<host-unknown"));
        }
    }

    @Test
    void aStreamClosedByTheClientIsAnsweredAndTheClientClosesTheConnection() throws Exception {
        // RFC 6120 4.4: the closing tag is answered; the client, which began, closes TLS and TCP
        try (RawStream s = new RawStream(new Socket(InetAddress.getLoopbackAddress(), server.port))) {
            s.send(RawStream.HEADER).readUntil("</stream:features>", Duration.ofSeconds(10));
            assertTrue(s.send("</stream:stream>").readUntil("</stream:stream>", Duration.ofSeconds(10))
                    .endsWith("</stream:stream>"));
            assertTrue(s.staysOpen(Duration.ofSeconds(1)), "the server leaves the close to the client");
            s.readToEnd(Duration.ofSeconds(15)); // a client that never closes is closed after the linger
        }
        SSLSocket tls = (SSLSocket) server.clientTls().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.directTlsPort);
        tls.startHandshake();
        try (RawStream s = new RawStream(tls)) {
            s.send(RawStream.HEADER).readUntil("</stream:features>", Duration.ofSeconds(10));
            s.send("</stream:stream>").readUntil("</stream:stream>", Duration.ofSeconds(10));
            tls.shutdownOutput(); // close_notify: the server answers it and closes, well before the linger ends
            long start = System.nanoTime();
            s.readToEnd(Duration.ofSeconds(15));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "closed on the close_notify");
        }
    }

    @Test
    void startTlsIsRequiredAndAdvertised() throws Exception {
        try (RawStream s = new RawStream(new Socket(InetAddress.getLoopbackAddress(), server.port))) {
            String features = s.send(RawStream.HEADER).readUntil("</stream:features>", Duration.ofSeconds(10));
            assertTrue(features.contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"),
                    features);
            assertFalse(features.contains("<mechanisms"), "no SASL before TLS: " + features);
            s.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHdvbmRlcmxhbmQ=</auth>");
            assertTrue(s.readUntil("</failure>", Duration.ofSeconds(10)).contains("<encryption-required/>"));
        }
    }

    @Test
    void directTlsPortOffersSaslAtOnce() throws Exception {
        SSLSocket tls = (SSLSocket) server.clientTls().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.directTlsPort);
        tls.startHandshake();
        try (RawStream s = new RawStream(tls)) {
            String features = s.send(RawStream.HEADER).readUntil("</stream:features>", Duration.ofSeconds(10));
            assertTrue(features.contains("<mechanism>SCRAM-SHA-256</mechanism>"), features);
            assertTrue(features.contains("<mechanism>PLAIN</mechanism>"), features);
            assertFalse(features.contains("<starttls"), features);
        }
    }

    @Test
    void unhandledIqGetsServiceUnavailable() throws Exception {
        XMPPTCPConnection c = Clients.connect(server, "alice", "wonderland", "iq", "SCRAM-SHA-256");
        try {
            IQ q = new IQ("query", "urn:confab:test:nothing-handles-this") {
                @Override
                protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder x) {
                    x.setEmptyElement();
                    return x;
                }
            };
            q.setType(IQ.Type.get);
            q.setTo(JidCreate.from("localhost"));
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> c.createStanzaCollectorAndSend(q).nextResultOrThrow());
            assertEquals(org.jivesoftware.smack.packet.StanzaError.Condition.service_unavailable,
                    e.getStanzaError().getCondition());
        } finally {
            c.disconnect();
        }
    }
}
