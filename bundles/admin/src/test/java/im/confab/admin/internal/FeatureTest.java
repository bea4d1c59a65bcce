package im.confab.admin.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FeatureTest {
    static final String IM = "{\n"
            + "  \"feature-resource-version\": \"1.0\",\n"
            + "  \"id\": \"im.confab:im:osgifeature:1.0\",\n"
            + "  \"name\": \"Instant messaging\",\n"
            + "  \"bundles\": [\"im.confab:im.confab.sm.ping:1.0\", {\"id\": \"io.netty:netty-common:4.1.140.Final\", \"start-order\": 2}],\n"
            + "  \"configurations\": {\"xmpp.sm\": {\"xmpp.domain\": \"example.org\", \"port:Integer\": 5222}},\n"
            + "  \"extensions\": {\"confab-depends\": {\"type\": \"JSON\", \"kind\": \"mandatory\", \"json\": [\"core\"]},\n"
            + "                 \"other\": {\"type\": \"Text\", \"text\": \"ignored\"}}\n"
            + "}";

    @Test
    void readsBundlesDependsAndConfigurations() {
        Feature f = Feature.parse("im", IM);
        assertEquals("im", f.name());
        assertEquals("Instant messaging", f.title());
        assertEquals(List.of(new BundleRef("im.confab", "im.confab.sm.ping", "1.0"),
                new BundleRef("io.netty", "netty-common", "4.1.140.Final")), f.bundles());
        assertEquals("netty-common-4.1.140.Final.jar", f.bundles().get(1).fileName());
        assertEquals(List.of("core"), f.depends());
        Dictionary<String, Object> props = ConfigValues.toProperties(f.configurations().get("xmpp.sm"));
        assertEquals("example.org", props.get("xmpp.domain"));
        assertEquals(5222, props.get("port"));
    }

    @Test
    void aFeatureWithoutExtrasIsFine() {
        Feature f = Feature.parse("core", "{\"id\": \"g:core:1\"}");
        assertTrue(f.bundles().isEmpty());
        assertTrue(f.depends().isEmpty());
    }

    @Test
    void aPlatformsJarIsNamedByItsClassifier() {
        Feature f = Feature.parse("tls", "{\"id\": \"g:tls:1\", \"bundles\": [\"io.netty:netty-tcnative-boringssl-static"
                + ":jar:linux-x86_64:2.0.84.Final\"]}");
        BundleRef ref = f.bundles().get(0);
        assertEquals(new BundleRef("io.netty", "netty-tcnative-boringssl-static", "linux-x86_64", "2.0.84.Final"), ref);
        assertEquals("netty-tcnative-boringssl-static-2.0.84.Final-linux-x86_64.jar", ref.fileName());
        assertEquals("io.netty:netty-tcnative-boringssl-static:jar:linux-x86_64:2.0.84.Final", ref.toString());
        for (String id : new String[] {"g:a:zip:linux:1.0", "g:a:jar:1.0", "g:a:jar:linux:${v}", "g:a:jar::1.0"}) {
            assertThrows(IllegalArgumentException.class, () -> BundleRef.parse(id), id);
        }
    }

    @Test
    void refusesWhatItCannotHonour() {
        Map<String, String> bad = Map.of(
                "no id", "{\"bundles\": []}",
                "unknown mandatory extension", "{\"id\": \"g:a:1\", \"extensions\": {\"x\": {\"type\": \"JSON\", \"kind\": \"mandatory\", \"json\": 1}}}",
                "depends not JSON", "{\"id\": \"g:a:1\", \"extensions\": {\"confab-depends\": {\"type\": \"Text\", \"text\": \"core\"}}}",
                "unfiltered placeholder", "{\"id\": \"g:a:1\", \"bundles\": [\"im.confab:im.confab.api:${project.version}\"]}",
                "short bundle id", "{\"id\": \"g:a:1\", \"bundles\": [\"im.confab.api:1.0\"]}",
                "bundles not an array", "{\"id\": \"g:a:1\", \"bundles\": \"x\"}",
                "object as config value", "{\"id\": \"g:a:1\", \"configurations\": {\"p\": {\"k\": {}}}}",
                "newer format", "{\"feature-resource-version\": \"2.0\", \"id\": \"g:a:1\"}",
                "self dependency", "{\"id\": \"g:a:1\", \"extensions\": {\"confab-depends\": {\"type\": \"JSON\", \"json\": [\"self\"]}}}");
        bad.forEach((why, text) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Feature.parse("self", text), why);
            assertTrue(e.getMessage().startsWith("feature self: "), e.getMessage());
        });
    }

    @Test
    void configurationValuesFollowTypeHints() {
        Map<String, Object> json = Map.of(
                "plain", "s", "n", 3L, "d", 2.5, "b", true,
                "list", List.of("a", "b"),
                "ints:Integer[]", List.of(1L, 2L),
                "longs:Collection<Long>", List.of("7"),
                "flag:Boolean", "true",
                "nums:double[]", List.of(1L));
        Dictionary<String, Object> p = ConfigValues.toProperties(json);
        assertEquals("s", p.get("plain"));
        assertEquals(3L, p.get("n"));
        assertEquals(2.5, p.get("d"));
        assertEquals(true, p.get("b"));
        assertArrayEquals(new String[] {"a", "b"}, (String[]) p.get("list"));
        assertArrayEquals(new Integer[] {1, 2}, (Integer[]) p.get("ints"));
        assertEquals(List.of(7L), p.get("longs"));
        assertEquals(Boolean.TRUE, p.get("flag"));
        assertArrayEquals(new double[] {1.0}, (double[]) p.get("nums"));
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.toProperties(Map.of("x:Integer", "abc")));
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.toProperties(Map.of("x:Weird", "abc")));
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.toProperties(Map.of("mixed", List.of("a", 1L))));
    }
}
