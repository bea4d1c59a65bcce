package im.confab.bench;

import im.confab.api.jid.Jid;
import im.confab.api.stanza.Stanza;
import im.confab.api.store.RosterStore;
import im.confab.api.store.RosterXml;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.xml.internal.AaltoStreamParserFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Serialisation of stanzas as c2s writes them. {@code XmppConnection.deliver} writes
 * {@code ByteBufUtil.writeUtf8(channel.alloc(), stanza.toXml())}; {@code Stanza.toXml()} is computed once per
 * stanza object and cached, and every routed stanza is a fresh object ({@code withFrom} stamping), so each
 * delivery pays for one serialisation.
 *
 * <ul>
 * <li>{@code toXml}: the uncached work of {@code Stanza.toXml()}, i.e. {@code element().toXml("jabber:client")};</li>
 * <li>{@code toWire}: that plus the UTF-8 encoding into a buffer of Netty's default (pooled) allocator, released
 *     again, which is all {@code deliver} does before the channel write.</li>
 * <li>{@code copyToContact}: one copy of a fanned-out stanza, as a presence broadcast makes one per contact:
 *     {@code to} replaced (the copy shares its children with the original), then serialised. The children are
 *     serialised once for all copies ({@code NodeList}), so this is the start tag plus a copy of the rest.</li>
 * </ul>
 * Stanzas ({@code stanza}): {@code message}, a chat message with a body (unicode, an emoji) and the usual
 * chat-state, receipt, marker and origin-id children, stamped with {@code from} as the session manager does;
 * {@code presence}, a broadcast presence with show, status, priority and entity capabilities (XEP-0115);
 * {@code roster50}, a roster result with 50 items built as the roster plugin builds it ({@code RosterXml.query}).
 * The secondary result {@code mb} is output in MB (10^6 bytes of UTF-8) per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerializeBench {
    @Param({"message", "presence", "roster50"})
    public String stanza;

    private XmlElement element;
    private double mbPerStanza;
    private final String[] contacts = new String[64];
    private int next;

    /** Per-second output volume JMH reports beside the primary result. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public double mb;

        @Setup(Level.Iteration)
        public void reset() {
            mb = 0;
        }
    }

    @Setup
    public void setUp() throws XmlStreamException {
        Stanza s = switch (stanza) {
            case "message" -> parsed(RouteBench.MESSAGE).withFrom(Jid.parse("alice@localhost/phone"));
            case "presence" -> parsed("<presence to='bob@localhost/laptop'><show>away</show>"
                    + "<status>Im Büro bis 17 Uhr — back at 5 ☕</status><priority>5</priority>"
                    + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im' "
                    + "ver='q07IKJEyjvHSyhy//CH0CxmKi8w='/></presence>").withFrom(Jid.parse("alice@localhost/phone"));
            case "roster50" -> roster(50);
            default -> throw new IllegalArgumentException("stanza: message, presence or roster50, not " + stanza);
        };
        element = s.element();
        String xml = s.toXml();
        if (!xml.equals(element.toXml(Xml.JABBER_CLIENT))) {
            throw new IllegalStateException("toXml differs from the element's serialisation");
        }
        mbPerStanza = xml.getBytes(StandardCharsets.UTF_8).length / 1e6;
        for (int i = 0; i < contacts.length; i++) {
            contacts[i] = "contact" + i + "@localhost";
        }
    }

    private static Stanza parsed(String xml) throws XmlStreamException {
        return Stanza.of(new AaltoStreamParserFactory().parseElement(xml));
    }

    /** The answer to a roster get, as {@code RosterHandler} sends it. */
    static Stanza roster(int n) {
        String[] names = {"Anna Schmidt", "Zoë", "Иван Петров", "王芳", "Jürgen & Co", "O'Brien", "", "山田太郎"};
        String[][] groups = {{"Friends"}, {"Work", "Berlin"}, {"Семья"}, {}, {"Conference 2025"}};
        RosterStore.Subscription[] subs = RosterStore.Subscription.values();
        List<RosterStore.Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(new RosterStore.Item(Jid.parse("contact" + i + (i % 4 == 0 ? "@example.org" : "@localhost")),
                    names[i % names.length], subs[(i * 7) % subs.length], i % 9 == 0, false, false,
                    List.of(groups[i % groups.length])));
        }
        Stanza get = Stanza.iq("get").id("roster_1").from(Jid.parse("alice@localhost/phone"))
                .to(Jid.parse("alice@localhost")).build();
        return get.resultReply().withPayload(List.of(RosterXml.query(new RosterStore.Roster(42, items))));
    }

    @Benchmark
    public String toXml(Counters c) {
        c.mb += mbPerStanza;
        return element.toXml(Xml.JABBER_CLIENT);
    }

    @Benchmark
    public int toWire(Counters c) {
        c.mb += mbPerStanza;
        ByteBuf buf = ByteBufUtil.writeUtf8(ByteBufAllocator.DEFAULT, element.toXml(Xml.JABBER_CLIENT));
        int n = buf.readableBytes();
        buf.release();
        return n;
    }

    @Benchmark
    public String copyToContact(Counters c) {
        c.mb += mbPerStanza;
        return element.withAttribute("to", contacts[next++ & 63]).toXml(Xml.JABBER_CLIENT);
    }
}
