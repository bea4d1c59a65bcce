package im.confab.launcher;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Waits (bounded) until FileInstall has turned every {@code conf/*.cfg} into a ConfigurationAdmin configuration.
 * The launcher is not a bundle and has no ConfigurationAdmin classes, so the one call it needs is made
 * reflectively, once, at start.
 */
final class ConfWait {
    private static final long TIMEOUT_MILLIS = 15_000;

    private ConfWait() {
    }

    static void untilRead(BundleContext context, Path conf, Logger log) throws InterruptedException {
        long files;
        try (Stream<Path> s = Files.list(conf)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".cfg")).count();
        } catch (IOException e) {
            return; // no conf/: nothing to wait for
        }
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        long seen = -1;
        while (System.currentTimeMillis() < deadline) {
            seen = fromFiles(context);
            if (seen >= files) {
                return;
            }
            Thread.sleep(20);
        }
        log.log(Level.WARNING, "FileInstall read " + Math.max(seen, 0) + " of " + files + " files in " + conf
                + " within " + TIMEOUT_MILLIS / 1000 + " s; starting anyway");
    }

    /** @return how many configurations FileInstall made from files, or -1 while ConfigurationAdmin is not there */
    private static long fromFiles(BundleContext context) {
        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (ref == null) {
            return -1;
        }
        Object cm = context.getService(ref);
        try {
            // through the interface (as the registering bundle sees it): the implementation class may not be public
            Method list = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin")
                    .getMethod("listConfigurations", String.class);
            Object[] configs = (Object[]) list.invoke(cm, "(felix.fileinstall.filename=*)");
            return configs == null ? 0 : configs.length;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        } finally {
            context.ungetService(ref);
        }
    }
}
