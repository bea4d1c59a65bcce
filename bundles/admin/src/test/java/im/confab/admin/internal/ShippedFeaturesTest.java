package im.confab.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature files in the repository's features/ parse and resolve once Maven has filled in the versions. */
class ShippedFeaturesTest {
    private static final Path SOURCES = Path.of("../../features");

    @Test
    void shippedFeaturesResolve(@TempDir Path filtered) throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from bundles/admin: " + SOURCES.toAbsolutePath());
        Map<String, String> versions = Map.of("${project.version}", "0.1.0-SNAPSHOT", "${netty.version}", "4.1.0.Final",
                "${aalto.version}", "1.0", "${stax2.version}", "1.0", "${h2.version}", "1.0",
                "${postgresql.version}", "1.0", "${tcnative.version}", "2.0.0.Final");
        try (var files = Files.newDirectoryStream(SOURCES, "*.json")) {
            for (Path f : files) {
                String text = Files.readString(f);
                for (Map.Entry<String, String> v : versions.entrySet()) {
                    text = text.replace(v.getKey(), v.getValue());
                }
                Files.writeString(filtered.resolve(f.getFileName()), text);
            }
        }
        FeatureCatalog c = FeatureCatalog.load(filtered);
        assertEquals(List.of(), c.problems());
        assertEquals(List.of("core", "im"), c.resolve(List.of("im")).stream().map(Feature::name).toList());
        assertTrue(c.get("core").bundles().contains(new BundleRef("im.confab", "im.confab.api", "0.1.0-SNAPSHOT")));
        assertTrue(c.get("im").bundles().contains(new BundleRef("im.confab", "im.confab.sm.ping", "0.1.0-SNAPSHOT")));
    }
}
