package im.confab.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.in.ReaderConfig;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    /** Names in the table every new reader starts from. */
    private static int sharedNames(AsyncXMLInputFactory f) {
        ReaderConfig c = ((InputFactoryImpl) f).getNonSharedConfig(null, null, null, false, false);
        c.setActualEncoding("UTF-8"); // as createAsyncForByteArray does
        return c.getBBSymbols().size();
    }

    @Test
    void newReadersStartWithTheXmppNamesAndPeersAddNone() throws Exception {
        AsyncXMLInputFactory f = AaltoStreamParserFactory.newInputFactory();
        int seeded = sharedNames(f);
        assertTrue(seeded > 150, "the vocabulary's names are shared: " + seeded);

        // a peer's own names stay with its stream: parsing them leaves the shared table as it was
        AaltoStreamParserFactory factory = new AaltoStreamParserFactory();
        XmlElement e = factory.parseElement("<message to='a@b'><invented-by-a-peer xmlns='urn:x'/><body>hi</body>"
                + "</message>");
        assertEquals("invented-by-a-peer", e.elements().get(0).name());
        for (int i = 0; i < 2; i++) { // names the vocabulary knows keep the namespaces of the stream they are in
            XmlElement p = factory.parseElement("<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1'"
                    + " node='n' ver='v'/><x:delay xmlns:x='urn:xmpp:delay' stamp=''/><show>away</show></presence>");
            assertEquals("jabber:client", p.namespace());
            assertEquals("http://jabber.org/protocol/caps", p.elements().get(0).namespace(), p.toXml());
            assertEquals("urn:xmpp:delay", p.elements().get(1).namespace(), p.toXml());
            assertEquals("jabber:client", p.elements().get(2).namespace(), p.toXml());
        }
        assertEquals(seeded, sharedNames(f));

        AsyncXMLInputFactory bare = AaltoStreamParserFactory.newInputFactory();
        AaltoStreamParserFactory.learnNames(bare, "<a h=''><r/><body/></a>");
        assertEquals(seeded, sharedNames(bare), "a second reading of known names adds nothing");
    }
}
