package im.confab.sm.pep.internal;

import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * XEP-0115 Entity Capabilities as a presence carries them, and the verification string of a disco#info answer
 * (section 5.1). Pure.
 *
 * @param node the software's node URI
 * @param ver the verification string
 * @param hash the hash function name (e.g. {@code sha-1}), or null for the legacy form (before version 1.5)
 */
record Caps(String node, String ver, String hash) {
    static final String NS = "http://jabber.org/protocol/caps";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    private static final String DATA = "jabber:x:data";
    private static final Comparator<String> OCTETS = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)); // "i;octet" (section 5.1)

    /** @return the caps of a presence, or null when it has none (or an unusable one) */
    static Caps of(Stanza presence) {
        XmlElement c = presence.element().child("c", NS);
        if (c == null) {
            return null;
        }
        String node = c.attribute("node");
        String ver = c.attribute("ver");
        if (node == null || ver == null || node.isEmpty() || ver.isEmpty()) {
            return null;
        }
        String hash = c.attribute("hash");
        return new Caps(node, ver, hash == null || hash.isEmpty() ? null : hash.toLowerCase(Locale.ROOT));
    }

    /**
     * @return the key the features are cached under: a hashed ver names the same features for everybody; a
     *         legacy one only together with its node
     */
    String key() {
        return hash != null ? hash + "|" + ver : "legacy|" + node + "#" + ver;
    }

    /** @return the node a disco#info request for these caps names (section 6.2) */
    String discoNode() {
        return node + "#" + ver;
    }

    /** @return true when the answer hashes to {@link #ver} (never true for the legacy form: nothing to check) */
    boolean verifies(XmlElement query) {
        if (hash == null) {
            return false;
        }
        String v = verString(query, hash);
        return v != null && v.equals(ver);
    }

    /** @return the features of a disco#info {@code <query/>} */
    static Set<String> features(XmlElement query) {
        Set<String> out = new LinkedHashSet<>();
        for (XmlElement f : query.elements()) {
            if (f.is("feature", DISCO_INFO) && f.attribute("var") != null) {
                out.add(f.attribute("var"));
            }
        }
        return Set.copyOf(out);
    }

    /**
     * The verification string of section 5.1 for a disco#info answer.
     *
     * @return the base64 hash, or null when the hash function is unknown or the answer is ill-formed (duplicate
     *         identities or features, or a form whose FORM_TYPE is not a single hidden value: section 5.4)
     */
    static String verString(XmlElement query, String hashName) {
        String algorithm = switch (hashName) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            case "md5" -> "MD5";
            default -> null;
        };
        String s = input(query);
        if (algorithm == null || s == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** @return the string S of section 5.1 that is hashed, or null when the answer must not be hashed */
    static String input(XmlElement query) {
        List<String> identities = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<List<String>> forms = new ArrayList<>();
        for (XmlElement e : query.elements()) {
            if (e.is("identity", DISCO_INFO)) {
                identities.add(nz(e.attribute("category")) + "/" + nz(e.attribute("type")) + "/"
                        + nz(e.attribute("xml:lang")) + "/" + nz(e.attribute("name")));
            } else if (e.is("feature", DISCO_INFO)) {
                features.add(nz(e.attribute("var")));
            } else if (e.is("x", DATA)) {
                List<String> form = form(e);
                if (form == null) {
                    return null;
                }
                if (!form.isEmpty()) {
                    forms.add(form);
                }
            }
        }
        if (new HashSet<>(identities).size() != identities.size()
                || new HashSet<>(features).size() != features.size()) {
            return null;
        }
        identities.sort(OCTETS);
        features.sort(OCTETS);
        forms.sort((a, b) -> OCTETS.compare(a.get(0), b.get(0)));
        StringBuilder sb = new StringBuilder();
        identities.forEach(i -> sb.append(i).append('<'));
        features.forEach(f -> sb.append(f).append('<'));
        for (List<String> form : forms) {
            form.forEach(p -> sb.append(p).append('<'));
        }
        return sb.toString();
    }

    /**
     * @return the parts of a form in hashing order (FORM_TYPE, then each field's var and sorted values), empty
     *         for a form without FORM_TYPE (ignored), null for a FORM_TYPE that is not one value
     */
    private static List<String> form(XmlElement x) {
        String formType = null;
        List<XmlElement> fields = new ArrayList<>();
        for (XmlElement f : x.elements()) {
            if (!f.is("field", DATA)) {
                continue;
            }
            if ("FORM_TYPE".equals(f.attribute("var"))) {
                List<String> v = values(f);
                if (formType != null || v.size() != 1) {
                    return null;
                }
                formType = v.get(0);
            } else {
                fields.add(f);
            }
        }
        if (formType == null) {
            return List.of();
        }
        fields.sort((a, b) -> OCTETS.compare(nz(a.attribute("var")), nz(b.attribute("var"))));
        List<String> out = new ArrayList<>();
        out.add(formType);
        for (XmlElement f : fields) {
            out.add(nz(f.attribute("var")));
            List<String> v = new ArrayList<>(values(f));
            v.sort(OCTETS);
            out.addAll(v);
        }
        return out;
    }

    private static List<String> values(XmlElement field) {
        List<String> out = new ArrayList<>();
        for (XmlElement v : field.elements()) {
            if (v.is("value", DATA)) {
                out.add(v.text());
            }
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
