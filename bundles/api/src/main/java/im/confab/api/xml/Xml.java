package im.confab.api.xml;

/** XML escaping helpers and the namespaces every part of the server uses. */
public final class Xml {
    /** RFC 6120 client content namespace. */
    public static final String JABBER_CLIENT = "jabber:client";
    /** RFC 6120 server-to-server content namespace. */
    public static final String JABBER_SERVER = "jabber:server";
    /** The stream namespace, always written with the {@code stream} prefix. */
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    /** Stream error conditions. */
    public static final String XMPP_STREAMS = "urn:ietf:params:xml:ns:xmpp-streams";
    /** Stanza error conditions. */
    public static final String XMPP_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    /** STARTTLS. */
    public static final String XMPP_TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    /** SASL. */
    public static final String XMPP_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    /** Resource binding. */
    public static final String XMPP_BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    /** Legacy session establishment (RFC 3921), advertised as optional. */
    public static final String XMPP_SESSION = "urn:ietf:params:xml:ns:xmpp-session";

    private Xml() {
    }

    /** Escapes character data. */
    public static void escapeText(CharSequence s, StringBuilder out) {
        int run = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (isTextSpecial(c)) {
                out.append(s, run, i).append(c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;");
                run = i + 1;
            }
        }
        appendRest(s, run, out);
    }

    /** Escapes an attribute value to be written between single quotes. */
    public static void escapeAttribute(CharSequence s, StringBuilder out) {
        int run = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (isAttributeSpecial(c)) {
                out.append(s, run, i).append(switch (c) {
                    case '&' -> "&amp;";
                    case '<' -> "&lt;";
                    case '>' -> "&gt;";
                    case '\'' -> "&apos;";
                    case '"' -> "&quot;";
                    case '\n' -> "&#xA;";
                    case '\r' -> "&#xD;";
                    default -> "&#x9;";
                });
                run = i + 1;
            }
        }
        appendRest(s, run, out);
    }

    /** Appends the unescaped run at the end in one go: all of a String that needs no escaping is one copy. */
    private static void appendRest(CharSequence s, int from, StringBuilder out) {
        if (from == 0) {
            out.append(s);
        } else if (from < s.length()) {
            out.append(s, from, s.length());
        }
    }

    /** Every character that needs escaping is at most {@code '>'}: one comparison for almost all text. */
    private static boolean isTextSpecial(char c) {
        return c <= '>' && (c == '&' || c == '<' || c == '>');
    }

    private static boolean isAttributeSpecial(char c) {
        return c <= '>' && (c == '&' || c == '<' || c == '>' || c == '\'' || c == '"' || c == '\n' || c == '\r'
                || c == '\t');
    }

    /**
     * @return the length of the text in UTF-8 bytes, without encoding it (an unpaired surrogate counts as the
     *         3 bytes of U+FFFD); plugins use it to enforce size limits on serialized XML
     */
    public static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
