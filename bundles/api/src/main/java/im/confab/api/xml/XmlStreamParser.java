package im.confab.api.xml;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A non-blocking parser for one XMPP stream, fed with byte chunks split anywhere. It calls its
 * {@link XmlStreamHandler} synchronously from {@link #feed}: once for the stream header, once for every
 * complete top-level element (a stanza, {@code <starttls/>}, {@code <auth/>}, …), once for the end of the
 * stream. Not thread-safe: one connection, one thread at a time.
 */
@ProviderType
public interface XmlStreamParser {

    /**
     * Parses more bytes of the stream.
     *
     * @throws XmlStreamException when the input breaks XML, the restricted XML profile of RFC 6120 or a limit;
     *         the stream must then be closed with the exception's condition
     */
    void feed(byte[] bytes, int offset, int length) throws XmlStreamException;

    /** Changes the limits from the next element on (a stream may allow larger stanzas after authentication). */
    void setLimits(XmlStreamParserFactory.Limits limits);

    /** Forgets all state, as a stream restart (after STARTTLS or SASL) requires. */
    void reset();
}
