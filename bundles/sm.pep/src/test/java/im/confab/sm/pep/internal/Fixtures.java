package im.confab.sm.pep.internal;

import im.confab.api.jid.Jid;
import im.confab.api.sm.IqClient;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import im.confab.test.support.FakeSessionManager;
import im.confab.test.support.MemoryRosterStore;
import im.confab.test.support.MemoryXmlStore;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A PEP service over in-memory stores, with an IqClient whose answers a test gives. */
final class Fixtures {
    static final String DISCO = Caps.DISCO_INFO;
    final MemoryXmlStore store = new MemoryXmlStore();
    final MemoryRosterStore roster = new MemoryRosterStore();
    final FakeSessionManager sessions = new FakeSessionManager("capulet.lit");
    final Iqs iqs = new Iqs();
    final PepService pep = new PepService(store, roster, sessions, iqs, config(65536));

    /** Records requests; each is answered when the test completes its future. */
    static final class Iqs implements IqClient {
        final Map<Stanza, CompletableFuture<Stanza>> requests = new LinkedHashMap<>();

        @Override
        public CompletionStage<Stanza> request(Stanza iq, long timeout, TimeUnit unit) {
            CompletableFuture<Stanza> f = new CompletableFuture<>();
            requests.put(iq, f);
            return f;
        }

        List<Stanza> sent() {
            return new ArrayList<>(requests.keySet());
        }

        /** Answers every pending request with these features. */
        void answerAll(String... features) {
            requests.forEach((iq, f) -> {
                if (!f.isDone()) {
                    f.complete(iq.resultReply().withPayload(List.of(query(iq.payload().attribute("node"), features))));
                }
            });
        }
    }

    static XmlElement query(String node, String... features) {
        XmlElement.Builder q = XmlElement.builder("query", DISCO).attribute("node", node)
                .child(XmlElement.builder("identity", DISCO).attribute("category", "client").attribute("type", "pc")
                        .build());
        for (String f : features) {
            q.child(XmlElement.builder("feature", DISCO).attribute("var", f).build());
        }
        return q.build();
    }

    /** @return the caps element of a client with these features, with its true hash */
    static XmlElement caps(String... features) {
        String ver = Caps.verString(query(null, features), "sha-1");
        return XmlElement.builder("c", Caps.NS).attribute("hash", "sha-1").attribute("node", "https://example.org/c")
                .attribute("ver", ver).build();
    }

    static Stanza presence(String from, String to, XmlElement... children) {
        Stanza.Builder b = Stanza.presence().from(Jid.parse(from)).to(to == null ? null : Jid.parse(to));
        for (XmlElement c : children) {
            b.child(c);
        }
        return b.build();
    }

    static XmlElement mood(String text) {
        return XmlElement.builder("mood", "http://jabber.org/protocol/mood")
                .child(XmlElement.of(text, "http://jabber.org/protocol/mood")).build();
    }

    static Stanza publish(String from, String node, String id, XmlElement payload) {
        XmlElement.Builder item = XmlElement.builder("item", PubSub.NS).attribute("id", id);
        if (payload != null) {
            item.child(payload);
        }
        return Stanza.iq("set").id("pub1").from(Jid.parse(from)).to(Jid.parse(from).bare())
                .child(XmlElement.builder("pubsub", PubSub.NS)
                        .child(XmlElement.builder("publish", PubSub.NS).attribute("node", node).child(item.build())
                                .build()).build()).build();
    }

    static Stanza items(String from, String to, String node) {
        return Stanza.iq("get").id("it1").from(Jid.parse(from)).to(Jid.parse(to))
                .child(XmlElement.builder("pubsub", PubSub.NS)
                        .child(XmlElement.builder("items", PubSub.NS).attribute("node", node).build()).build()).build();
    }

    static PepService.Config config(int maxItemSize) {
        return new PepService.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PepService.Config.class;
            }

            @Override
            public int max_item_size() {
                return maxItemSize;
            }

            @Override
            public int caps_timeout() {
                return 10;
            }

            @Override
            public int cache_size() {
                return 100;
            }
        };
    }
}
