package im.confab.xml.internal;

import com.fasterxml.aalto.AsyncXMLInputFactory;
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
        return f;
    }
}
