package im.confab.xml.internal;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import im.confab.api.stanza.StreamError;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamHandler;
import im.confab.api.xml.XmlStreamParser;
import im.confab.api.xml.XmlStreamParserFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import org.osgi.service.component.annotations.Component;

/** Makes one non-blocking parser per XMPP stream (RFC 6120 section 4 and 11). */
@Component(service = XmlStreamParserFactory.class)
public final class AaltoStreamParserFactory implements XmlStreamParserFactory {
    // Configured once; creating readers from it is thread-safe (Aalto synchronizes its shared symbol tables).
    private final AsyncXMLInputFactory inputFactory = newInputFactory();

    @Override
    public XmlStreamParser create(XmlStreamHandler handler, Limits limits) {
        return new AaltoStreamParser(inputFactory, handler, limits);
    }

    private static final String WRAPPER_OPEN = "<stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
    private static final byte[] WRAPPER_OPEN_BYTES = WRAPPER_OPEN.getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRAPPER_CLOSE_BYTES = "</stream:stream>".getBytes(StandardCharsets.UTF_8);

    @Override
    public XmlElement parseElement(String xml) throws XmlStreamException {
        // The stream parser with its restricted-XML rules, fed one synthetic stream around the element.
        List<XmlElement> found = new ArrayList<>(1);
        XmlStreamHandler collect = new XmlStreamHandler() {
            @Override
            public void streamOpened(XmlElement header, String contentNamespace) {
            }

            @Override
            public void element(XmlElement element) {
                found.add(element);
            }

            @Override
            public void streamClosed() {
            }
        };
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        XmlStreamParser p = create(collect, new Limits(Math.max(1024, body.length + 1), 256));
        p.feed(WRAPPER_OPEN_BYTES, 0, WRAPPER_OPEN_BYTES.length);
        p.feed(body, 0, body.length);
        p.feed(WRAPPER_CLOSE_BYTES, 0, WRAPPER_CLOSE_BYTES.length);
        if (found.size() != 1) {
            throw new XmlStreamException(StreamError.Condition.BAD_FORMAT,
                    "expected one element, found " + found.size());
        }
        return found.get(0);
    }

    static AsyncXMLInputFactory newInputFactory() {
        // Constructed directly: XMLInputFactory.newFactory() goes through ServiceLoader, which cannot see Aalto
        // from inside an OSGi framework.
        InputFactoryImpl f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        // Restricted XML (RFC 6120 11.1): nothing is expanded or fetched. Undeclared entity references then reach
        // us as ENTITY_REFERENCE events, which the parser refuses.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        // The tree builder merges adjacent text itself; coalescing would only make Aalto buffer more.
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        learnNames(f, VOCABULARY);
        return f;
    }

    /**
     * The element and attribute names of the protocols Confab speaks, as one document. A new reader starts from the
     * factory's symbol table; names not in it are looked up in the JVM's string table (String.intern) and kept for
     * that reader only. Without this every stream (three per login: before STARTTLS, before SASL, after) interned
     * every name again: 1.6 % of a TLS login's CPU (docs/performance.md, round 5). Names a peer chooses are never
     * merged into the shared table (AaltoStreamParser.reset), so it grows by this list only.
     */
    static final String VOCABULARY = "<?xml version='1.0'?>"
            + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns:db='jabber:server:dialback' to='' from='' id='' version='' xml:lang=''>"
            + "<stream:features><starttls><required/></starttls><mechanisms><mechanism/></mechanisms><bind/>"
            + "<session><optional/></session><sm/><csi/><sub/><ver/><c hash='' node='' ver='' ext=''/><register/>"
            + "</stream:features><proceed/><auth mechanism=''/><challenge/><response/><success/><failure/><abort/>"
            + "<not-authorized/><malformed-request/><temporary-auth-failure/><invalid-mechanism/>"
            + "<iq type='' id='' to='' from=''><bind><resource/><jid/></bind><ping/><query ver='' node='' xmlns=''>"
            + "<item jid='' name='' subscription='' ask='' approved='' node='' action='' order='' value=''>"
            + "<group/></item><identity category='' type='' name=''/><feature var=''/><username/><password/>"
            + "<remove/><instructions/><registered/><email/></query><vCard><FN/><N/><NICKNAME/><PHOTO/><TYPE/>"
            + "<BINVAL/></vCard><time><tzo/><utc/></time><blocklist/><block/><unblock/><enable/><disable/>"
            + "<pubsub><publish/><items max_items=''/><retract/><subscribe/><options/><publish-options/>"
            + "</pubsub><x type=''><field var='' type=''><value/></field></x></iq>"
            + "<message type='' id='' to='' from=''><body/><subject/><thread parent=''/><active/><composing/>"
            + "<paused/><inactive/><gone/><request/><received/><markable/><displayed/><origin-id/>"
            + "<stanza-id by=''/><delay stamp=''/><event><items><item id='' publisher=''/></items></event>"
            + "<store/><no-store/><no-copy/><private/><sent/><forwarded/><result queryid=''/><fin/><set/><max/>"
            + "<before/><after/><first index=''/><last/><count/><html/><encrypted/><encryption namespace=''/>"
            + "</message><presence type='' id='' to='' from=''><show/><status/><priority/><nick/>"
            + "<error type='' code='' by=''><text/><bad-request/><conflict/><feature-not-implemented/>"
            + "<forbidden/><item-not-found/><not-acceptable/><not-allowed/><policy-violation/>"
            + "<recipient-unavailable/><remote-server-not-found/><resource-constraint/><service-unavailable/>"
            + "<undefined-condition/><unexpected-request/></error></presence><r/><a h=''/><resume h='' previd=''/>"
            + "<resumed/><enabled resume='' max='' id='' location=''/><db:result/><db:verify/>"
            + "</stream:stream>";

    /** Parses {@code doc} with a reader of {@code f} and closes it: its names go into the factory's table. */
    static void learnNames(AsyncXMLInputFactory f, String doc) {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = f.createAsyncForByteArray();
        try {
            byte[] b = doc.getBytes(StandardCharsets.UTF_8);
            r.getInputFeeder().feedInput(b, 0, b.length);
            r.getInputFeeder().endOfInput();
            while (r.hasNext() && r.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                // every name is added to the reader's table as it is met
            }
            r.close(); // merges the reader's table into the factory's
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the XMPP vocabulary does not parse", e);
        }
    }
}
