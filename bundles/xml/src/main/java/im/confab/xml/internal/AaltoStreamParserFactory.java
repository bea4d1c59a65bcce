package im.confab.xml.internal;

import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import im.confab.api.xml.XmlStreamHandler;
import im.confab.api.xml.XmlStreamParser;
import im.confab.api.xml.XmlStreamParserFactory;
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
