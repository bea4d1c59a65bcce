package im.confab.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCatalogTest {

    private static Feature feature(String name, List<String> bundles, String... depends) {
        List<BundleRef> refs = new ArrayList<>();
        for (String b : bundles) {
            refs.add(new BundleRef("g", b, "1"));
        }
        return new Feature(name, "g:" + name + ":1", null, null, refs, List.of(depends), Map.of());
    }

    private static List<String> names(List<Feature> features) {
        return features.stream().map(Feature::name).toList();
    }

    /** core <- im <- muc, im <- pep, and muc + pep share "util" (a diamond through im). */
    private static FeatureCatalog catalog() {
        return new FeatureCatalog(List.of(
                feature("core", List.of("api", "router")),
                feature("im", List.of("ping"), "core"),
                feature("muc", List.of("muc", "util"), "im"),
                feature("pep", List.of("pep", "util"), "im", "core"),
                feature("web", List.of("http"))), List.of());
    }

    @Test
    void resolvesDependenciesFirstAndOnce() {
        FeatureCatalog c = catalog();
        assertEquals(List.of("core"), names(c.resolve(List.of("core"))));
        assertEquals(List.of("core", "im"), names(c.resolve(List.of("im"))));
        assertEquals(List.of("core", "im", "muc", "pep"), names(c.resolve(List.of("muc", "pep"))));
        assertEquals(List.of("core", "im", "pep", "web"), names(c.resolve(List.of("pep", "web", "core"))));
    }

    @Test
    void unknownFeatureIsAnErrorNamingWhoNeedsIt() {
        FeatureCatalog c = new FeatureCatalog(List.of(feature("im", List.of(), "core")), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.resolve(List.of("im")));
        assertEquals("unknown feature core (needed by im)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.resolve(List.of("nope")));
        assertThrows(IllegalArgumentException.class, () -> c.get("nope"));
    }

    @Test
    void cycleIsAnErrorShowingTheCycle() {
        FeatureCatalog c = new FeatureCatalog(List.of(
                feature("a", List.of(), "b"), feature("b", List.of(), "c"), feature("c", List.of(), "a"),
                feature("top", List.of(), "a")), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.resolve(List.of("top")));
        assertEquals("feature dependency cycle: a -> b -> c -> a", e.getMessage());
    }

    @Test
    void dependentsAreTransitive() {
        FeatureCatalog c = catalog();
        Set<String> installed = Set.of("core", "im", "muc", "web");
        assertEquals(Set.of("im", "muc"), c.dependents("core", installed));
        assertEquals(Set.of("muc"), c.dependents("im", installed));
        assertTrue(c.dependents("muc", installed).isEmpty());
        assertTrue(c.dependents("web", installed).isEmpty());
    }

    @Test
    void exclusiveBundlesKeepWhatOthersList() {
        FeatureCatalog c = catalog();
        Set<String> installed = Set.of("core", "im", "muc", "pep");
        assertEquals(List.of(new BundleRef("g", "muc", "1")), c.exclusiveBundles("muc", installed));
        assertEquals(List.of(new BundleRef("g", "muc", "1"), new BundleRef("g", "util", "1")),
                c.exclusiveBundles("muc", Set.of("core", "im", "muc")));
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureCatalog(List.of(feature("a", List.of()), feature("a", List.of())), List.of()));
    }

    @Test
    void loadsADirectoryAndReportsBrokenFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("core.json"), "{\"id\": \"g:core:1\", \"bundles\": [\"g:api:1\"]}");
        Files.writeString(dir.resolve("im.json"), "{\"id\": \"g:im:1\", \"extensions\": "
                + "{\"confab-depends\": {\"type\": \"JSON\", \"json\": [\"core\"]}}}");
        Files.writeString(dir.resolve("broken.json"), "{\"id\": ");
        Files.writeString(dir.resolve("notes.txt"), "not a feature");
        FeatureCatalog c = FeatureCatalog.load(dir);
        assertEquals(Set.of("core", "im"), c.features().keySet());
        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).contains("broken.json"), c.problems().get(0));
        assertEquals(List.of("core", "im"), names(c.resolve(List.of("im"))));
    }

    @Test
    void missingDirectoryIsAProblemNotACrash(@TempDir Path dir) throws IOException {
        FeatureCatalog c = FeatureCatalog.load(dir.resolve("absent"));
        assertTrue(c.features().isEmpty());
        assertEquals(1, c.problems().size());
    }
}
