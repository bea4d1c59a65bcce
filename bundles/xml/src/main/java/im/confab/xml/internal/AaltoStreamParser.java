package im.confab.xml.internal;

import static javax.xml.stream.XMLStreamConstants.CDATA;
import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.COMMENT;
import static javax.xml.stream.XMLStreamConstants.DTD;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.ENTITY_DECLARATION;
import static javax.xml.stream.XMLStreamConstants.ENTITY_REFERENCE;
import static javax.xml.stream.XMLStreamConstants.NOTATION_DECLARATION;
import static javax.xml.stream.XMLStreamConstants.PROCESSING_INSTRUCTION;
import static javax.xml.stream.XMLStreamConstants.SPACE;
import static javax.xml.stream.XMLStreamConstants.START_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import im.confab.api.stanza.StreamError.Condition;
import im.confab.api.xml.Xml;
import im.confab.api.xml.XmlElement;
import im.confab.api.xml.XmlStreamException;
import im.confab.api.xml.XmlStreamHandler;
import im.confab.api.xml.XmlStreamParser;
import im.confab.api.xml.XmlStreamParserFactory.Limits;
import java.util.Objects;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * One XMPP stream on top of Aalto's non-blocking reader.
 *
 * <p>Aalto keeps a reference to the fed array and copies nothing, so {@link #feed} reads every event up to
 * EVENT_INCOMPLETE before it returns; the caller may then reuse its buffer.
 *
 * <p>Byte positions: Aalto's location in 1.4.0 adds the array offset of the current chunk, so it is only used
 * relative to its value right after {@code feedInput} ({@link #pos}), which is correct with or without that bug.
 * The byte count of a first-level element runs from where the previous event at stream level ended (the element's
 * {@code <}) to the end of its end tag. Between elements it runs from the last event, which bounds what Aalto
 * buffers for a start tag that never ends.
 */
final class AaltoStreamParser implements XmlStreamParser {
    private final AsyncXMLInputFactory inputFactory;
    private final XmlStreamHandler handler;
    private final TreeBuilder tree = new TreeBuilder();
    private final Utf8Validator utf8 = new Utf8Validator();
    private final PrologGuard prolog = new PrologGuard();

    private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    /** The latest limits; a first-level element keeps the ones in force at its start. */
    private Limits limits;
    private Limits elementLimits;
    /** Open elements, the stream element included. */
    private int level;
    private boolean headerSeen;
    /** Bytes given to the current reader. */
    private long fed;
    /** Where the bytes of the current (or next) first-level element start. */
    private long mark;
    /** Stream position of the first byte of the chunk being read, and Aalto's location value for it. */
    private long chunkPos;
    private long chunkLocation;
    /** Stream position of the end of the event whose callback is running. */
    private long callbackEnd;
    private XmlStreamException failure;

    AaltoStreamParser(AsyncXMLInputFactory inputFactory, XmlStreamHandler handler, Limits limits) {
        this.inputFactory = inputFactory;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.elementLimits = limits;
        this.reader = inputFactory.createAsyncForByteArray();
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) throws XmlStreamException {
        if (failure != null) {
            throw new XmlStreamException(failure.condition(), failure.getMessage());
        }
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        try {
            int pos = offset;
            while (pos < end) {
                pos = feedPart(bytes, pos, end);
            }
        } catch (XmlStreamException e) {
            failure = e;
            throw e;
        } catch (XMLStreamException e) {
            failure = new XmlStreamException(classify(e), firstLine(e.getMessage()));
            throw failure;
        } catch (RuntimeException e) {
            failure = new XmlStreamException(Condition.INTERNAL_SERVER_ERROR, "parser failure: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    @Override
    public void setLimits(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Starts a new stream with a new Aalto reader. Called from a handler callback inside {@link #feed}, the rest of
     * the current chunk goes to the new reader. A failed parser stays failed: its stream must be closed.
     */
    @Override
    public void reset() {
        // The old reader is dropped, not closed: close() would merge the names it saw (chosen by the peer) into
        // the factory-wide symbol table that every later reader starts from.
        reader = inputFactory.createAsyncForByteArray();
        tree.clear();
        utf8.reset();
        prolog.reset();
        level = 0;
        headerSeen = false;
        fed = 0;
        mark = 0;
        elementLimits = limits;
    }

    /** Feeds {@code b[pos..end)} or a first part of it; @return where the next part starts. */
    private int feedPart(byte[] b, int pos, int end) throws XmlStreamException, XMLStreamException {
        int stop = headerSeen ? end : prolog.scan(b, pos, end, fed);
        int bad = utf8.scan(b, pos, stop);
        if (bad >= 0) {
            stop = bad;
        }
        if (stop > pos) {
            AsyncXMLStreamReader<AsyncByteArrayFeeder> r = reader;
            AsyncByteArrayFeeder feeder = r.getInputFeeder();
            if (!feeder.needMoreInput()) {
                throw new IllegalStateException("Aalto still holds unread input");
            }
            feeder.feedInput(b, pos, stop - pos);
            chunkPos = fed;
            chunkLocation = r.getLocationInfo().getEndingByteOffset();
            fed += stop - pos;
            if (!drain(r)) {
                return pos + (int) (callbackEnd - chunkPos);   // restarted: the rest is the new stream's
            }
            long max = (level >= 2 ? elementLimits : limits).maxStanzaBytes();
            if (fed - mark > max) {
                throw tooLarge(max);
            }
        }
        if (bad >= 0) {
            throw new XmlStreamException(Condition.NOT_WELL_FORMED, "invalid UTF-8 sequence");
        }
        if (stop < end && !headerSeen) {
            throw new XmlStreamException(Condition.RESTRICTED_XML, "DTDs and comments are not allowed");
        }
        return stop;
    }

    /** Reads events until Aalto needs input; @return false when a callback restarted the stream. */
    private boolean drain(AsyncXMLStreamReader<AsyncByteArrayFeeder> r) throws XmlStreamException, XMLStreamException {
        int event;
        while ((event = r.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            switch (event) {
                case START_ELEMENT -> startElement(r);
                case END_ELEMENT -> endElement(r);
                case CHARACTERS, CDATA, SPACE -> characters(r);
                case START_DOCUMENT -> xmlDeclaration(r);
                case END_DOCUMENT -> {
                    // never fed endOfInput(), so never reached
                }
                case COMMENT -> throw restricted("comments are not allowed");
                case PROCESSING_INSTRUCTION -> throw restricted("processing instructions are not allowed");
                case DTD, ENTITY_DECLARATION, NOTATION_DECLARATION -> throw restricted("DTDs are not allowed");
                case ENTITY_REFERENCE -> throw restricted("entity reference &" + r.getLocalName() + "; is not allowed");
                default -> throw new XmlStreamException(Condition.BAD_FORMAT, "unexpected XML event " + event);
            }
            if (reader != r) {
                return false;
            }
        }
        return true;
    }

    private void startElement(XMLStreamReader2 r) throws XmlStreamException, XMLStreamException {
        level++;
        if (level == 1) {
            openStream(r);
            return;
        }
        if (level == 2) {
            elementLimits = limits;
        }
        if (level - 1 > elementLimits.maxDepth()) {
            throw new XmlStreamException(Condition.POLICY_VIOLATION,
                    "element nesting exceeds the limit of " + elementLimits.maxDepth() + " levels (maxDepth)");
        }
        long max = elementLimits.maxStanzaBytes();
        if (pos(r) - mark > max) {
            throw tooLarge(max);
        }
        tree.start(r);
    }

    private void endElement(XMLStreamReader2 r) throws XmlStreamException, XMLStreamException {
        level--;
        if (level == 0) {
            callbackEnd = mark = pos(r);
            handler.streamClosed();
            return;
        }
        XmlElement e = tree.end();
        if (level == 1) {
            long end = pos(r);
            long max = elementLimits.maxStanzaBytes();
            if (end - mark > max) {
                throw tooLarge(max);
            }
            callbackEnd = mark = end;
            handler.element(e);
        }
    }

    private void characters(XMLStreamReader2 r) throws XmlStreamException, XMLStreamException {
        if (level >= 2) {
            tree.text(r);
        } else if (level == 1) {
            // between first-level elements: whitespace keepalives are fine, anything else is not XMPP
            if (!isWhitespace(r)) {
                throw new XmlStreamException(Condition.BAD_FORMAT, "character data at stream level");
            }
            mark = pos(r);
        }
    }

    private void openStream(XMLStreamReader2 r) throws XmlStreamException, XMLStreamException {
        String prefix = r.getPrefix();
        if (!Xml.STREAMS.equals(r.getNamespaceURI())) {
            throw new XmlStreamException(Condition.INVALID_NAMESPACE,
                    "the stream element must be in namespace " + Xml.STREAMS);
        }
        if (!"stream".equals(r.getLocalName())) {
            throw new XmlStreamException(Condition.BAD_FORMAT, "the root element must be <stream:stream>");
        }
        if (prefix == null || prefix.isEmpty()) {
            throw new XmlStreamException(Condition.BAD_NAMESPACE_PREFIX, "the stream element needs a prefix");
        }
        XmlElement.Builder header = XmlElement.builder(r.getLocalName(), Xml.STREAMS);
        TreeBuilder.copyAttributes(r, header);
        String content = "";
        for (int i = 0, n = r.getNamespaceCount(); i < n; i++) {
            String p = r.getNamespacePrefix(i);
            if (p == null || p.isEmpty()) {
                content = Objects.requireNonNullElse(r.getNamespaceURI(i), "");
            }
        }
        long end = pos(r);
        if (end > limits.maxStanzaBytes()) {
            throw tooLarge(limits.maxStanzaBytes());
        }
        headerSeen = true;
        callbackEnd = mark = end;
        handler.streamOpened(header.build(), content);
    }

    private static void xmlDeclaration(XMLStreamReader2 r) throws XmlStreamException {
        String encoding = r.getCharacterEncodingScheme();
        if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
            throw new XmlStreamException(Condition.UNSUPPORTED_ENCODING, "only UTF-8 is supported, not " + encoding);
        }
        String version = r.getVersion();
        if (version != null && !version.equals("1.0")) {
            throw new XmlStreamException(Condition.BAD_FORMAT, "XMPP uses XML 1.0, not " + version);
        }
    }

    /** Stream position just after the current event. */
    private long pos(XMLStreamReader2 r) throws XMLStreamException {
        return chunkPos + (r.getLocationInfo().getEndingByteOffset() - chunkLocation);
    }

    private static boolean isWhitespace(XMLStreamReader2 r) {
        char[] c = r.getTextCharacters();
        for (int i = r.getTextStart(), end = i + r.getTextLength(); i < end; i++) {
            char ch = c[i];
            if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
                return false;
            }
        }
        return true;
    }

    private static XmlStreamException tooLarge(long max) {
        return new XmlStreamException(Condition.POLICY_VIOLATION,
                "element exceeds the limit of " + max + " bytes (maxStanzaBytes)");
    }

    private static XmlStreamException restricted(String message) {
        return new XmlStreamException(Condition.RESTRICTED_XML, message);
    }

    /**
     * Aalto throws one exception type for every well-formedness problem; two of them have their own stream error.
     * Tests pin these messages, so an Aalto upgrade that rewords them shows up.
     */
    static Condition classify(XMLStreamException e) {
        String m = e.getMessage();
        if (m != null) {
            if (m.contains("Unbound namespace prefix")) {
                return Condition.BAD_NAMESPACE_PREFIX;
            }
            if (m.contains("ENTITY_REFERENCE")) {
                return Condition.RESTRICTED_XML;   // "Unexpanded ENTITY_REFERENCE (foo) in attribute value"
            }
        }
        return Condition.NOT_WELL_FORMED;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not well-formed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
