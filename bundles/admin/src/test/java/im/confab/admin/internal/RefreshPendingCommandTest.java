package im.confab.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/** A real Felix framework: a library bundle uninstalled while another bundle imports from it. */
class RefreshPendingCommandTest {
    @TempDir
    Path dir;
    private Felix felix;
    private FrameworkWiring wiring;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        felix = new Felix(config);
        felix.start();
        wiring = felix.adapt(FrameworkWiring.class);
    }

    @AfterEach
    void stop() throws Exception {
        felix.stop();
        felix.waitForStop(10_000);
    }

    @Test
    void anUninstalledLibraryIsRemovedAndItsImporterRewired() throws Exception {
        Bundle library = install("test.library", Constants.EXPORT_PACKAGE, "test.library.api");
        Bundle user = install("test.user", Constants.IMPORT_PACKAGE, "test.library.api");
        user.start();
        assertEquals(Bundle.ACTIVE, user.getState());

        library.uninstall();
        assertTrue(wiring.getRemovalPendingBundles().contains(library), "still wired to its importer");

        String answer = RefreshPendingCommand.refreshPending(wiring, 30);

        assertTrue(answer.contains("test.library [" + library.getBundleId() + "]"), answer);
        assertTrue(wiring.getRemovalPendingBundles().isEmpty());
        // the importer lost its exporter: no longer resolved, so not wired to the removed classes
        assertNotEquals(Bundle.ACTIVE, user.getState());
        assertEquals(null, user.adapt(BundleWiring.class));
    }

    @Test
    void nothingPendingSaysSo() throws Exception {
        assertEquals("no uninstalled bundle is waiting for a refresh", RefreshPendingCommand.refreshPending(wiring, 30));
    }

    private Bundle install(String name, String header, String value) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, name);
        a.putValue(header, value);
        return felix.getBundleContext().installBundle("test:" + name, jar(m));
    }

    private static InputStream jar(Manifest m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, m)) {
            out.flush();
        }
        return new java.io.ByteArrayInputStream(bytes.toByteArray());
    }
}
