package im.confab.api.jid;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable, normalized JID (RFC 7622): {@code [local@]domain[/resource]}. Parsed and normalized once;
 * equal JIDs have equal strings. Localpart and domainpart are case-folded and NFC-normalized (the
 * PRECIS UsernameCaseMapped and IDNA mapping in their common cases), the resourcepart NFC-normalized
 * (OpaqueString); characters the profiles forbid are refused.
 */
public final class Jid {
    private static final int MAX_PART_BYTES = 1023;
    private final String local;
    private final String domain;
    private final String resource;
    private final String string;
    /** {@code string.hashCode()}, kept here: a lookup by JID reads neither the string nor its bytes to hash */
    private final int hash;
    private Jid bare;
    private Jid domainJid;

    private Jid(String local, String domain, String resource) {
        this.local = local;
        this.domain = domain;
        this.resource = resource;
        StringBuilder sb = new StringBuilder();
        if (local != null) {
            sb.append(local).append('@');
        }
        sb.append(domain);
        if (resource != null) {
            sb.append('/').append(resource);
        }
        this.string = sb.toString();
        this.hash = string.hashCode();
    }

    /**
     * Parses and normalizes a JID.
     *
     * @throws JidFormatException if the string is not a valid JID
     */
    public static Jid parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new JidFormatException("empty JID");
        }
        int slash = s.indexOf('/');
        String beforeResource = slash < 0 ? s : s.substring(0, slash);
        String resource = slash < 0 ? null : s.substring(slash + 1);
        int at = beforeResource.indexOf('@');
        String local = at < 0 ? null : beforeResource.substring(0, at);
        String domain = at < 0 ? beforeResource : beforeResource.substring(at + 1);
        if (slash >= 0 && resource.isEmpty()) {
            throw new JidFormatException("empty resourcepart in '" + s + "'");
        }
        if (at >= 0 && local.isEmpty()) {
            throw new JidFormatException("empty localpart in '" + s + "'");
        }
        return of(local, domain, resource);
    }

    /** @return the JID, or {@code null} when the string is null or not a valid JID */
    public static Jid parseOrNull(String s) {
        if (s == null) {
            return null;
        }
        try {
            return parse(s);
        } catch (JidFormatException e) {
            return null;
        }
    }

    /**
     * Builds a JID from its parts, normalizing each.
     *
     * @param local the localpart or null
     * @param domain the domainpart
     * @param resource the resourcepart or null
     * @throws JidFormatException if a part is invalid
     */
    public static Jid of(String local, String domain, String resource) {
        return new Jid(local == null ? null : normalizeLocal(local), normalizeDomain(domain),
                resource == null ? null : normalizeResource(resource));
    }

    /** A domain JID such as {@code localhost}. */
    public static Jid domain(String domain) {
        return of(null, domain, null);
    }

    /**
     * Normalizes a localpart (also a username), refusing the characters RFC 7622 forbids.
     *
     * @throws JidFormatException if it is invalid
     */
    public static String normalizeLocal(String local) {
        // ASCII (nearly every JID on the wire) is its own NFKC and NFC form: only the case needs folding
        String n = ascii(local) ? local.toLowerCase(Locale.ROOT)
                : Normalizer.normalize(Normalizer.normalize(local, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT),
                        Normalizer.Form.NFC);
        checkLength("localpart", n);
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '"' || c == '&' || c == '\'' || c == '/' || c == ':' || c == '<'
                    || c == '>' || c == '@' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new JidFormatException("localpart '" + local + "' contains a forbidden character");
            }
        }
        return n;
    }

    private static String normalizeDomain(String domain) {
        if (domain == null) {
            throw new JidFormatException("missing domainpart");
        }
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.startsWith("[") && d.endsWith("]")) { // IPv6 literal
            String inner = d.substring(1, d.length() - 1);
            if (inner.isEmpty() || !inner.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw new JidFormatException("invalid IPv6 domainpart '" + domain + "'");
            }
            return d.toLowerCase(Locale.ROOT);
        }
        d = (ascii(d) ? d : Normalizer.normalize(d, Normalizer.Form.NFKC)).toLowerCase(Locale.ROOT);
        checkLength("domainpart", d);
        int labelStart = 0;
        for (int i = 0; i <= d.length(); i++) { // labels between dots: 1 to 63 allowed characters
            char c = i == d.length() ? '.' : d.charAt(i);
            if (c == '.') {
                if (i == labelStart || i - labelStart > 63) {
                    throw new JidFormatException("invalid domainpart '" + domain + "'");
                }
                labelStart = i + 1;
            } else if (c < 0x80 ? !(Character.isLetterOrDigit(c) || c == '-' || c == '_') : !Character.isLetterOrDigit(c)
                    && Character.getType(c) != Character.NON_SPACING_MARK) {
                throw new JidFormatException("domainpart '" + domain + "' contains a forbidden character");
            }
        }
        return d;
    }

    private static String normalizeResource(String resource) {
        String r = ascii(resource) ? resource : Normalizer.normalize(resource, Normalizer.Form.NFC);
        checkLength("resourcepart", r);
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (Character.isISOControl(c)) {
                throw new JidFormatException("resourcepart contains a control character");
            }
        }
        return r;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static void checkLength(String what, String s) {
        if (s.isEmpty()) {
            throw new JidFormatException("empty " + what);
        }
        if (s.length() > MAX_PART_BYTES / 3 && s.getBytes(StandardCharsets.UTF_8).length > MAX_PART_BYTES) {
            throw new JidFormatException(what + " longer than " + MAX_PART_BYTES + " bytes");
        }
    }

    /** @return the localpart or {@code null} */
    public String local() {
        return local;
    }

    /** @return the domainpart */
    public String domain() {
        return domain;
    }

    /** @return the resourcepart or {@code null} */
    public String resource() {
        return resource;
    }

    /** @return true if there is no resourcepart */
    public boolean isBare() {
        return resource == null;
    }

    /** @return true if there are a localpart and a resourcepart */
    public boolean isFull() {
        return local != null && resource != null;
    }

    /** @return true if this is a domain alone */
    public boolean isDomain() {
        return local == null && resource == null;
    }

    /** @return this JID without its resourcepart */
    public Jid bare() {
        if (resource == null) {
            return this;
        }
        Jid b = bare;
        if (b == null) {
            bare = b = new Jid(local, domain, null);
        }
        return b;
    }

    /** @return the domain JID of this JID */
    public Jid domainJid() {
        if (local == null && resource == null) {
            return this;
        }
        Jid d = domainJid; // racy but safe: Jid is immutable, its fields final
        if (d == null) {
            domainJid = d = new Jid(null, domain, null);
        }
        return d;
    }

    /**
     * @return this JID with the given resourcepart (normalized)
     * @throws JidFormatException if the resource is invalid
     */
    public Jid withResource(String r) {
        return new Jid(local, domain, r == null ? null : normalizeResource(r));
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Jid j && j.hash == hash && j.string.equals(string);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return string;
    }

    /** @return true if both are null or equal */
    public static boolean equal(Jid a, Jid b) {
        return Objects.equals(a, b);
    }
}
