package im.confab.launcher;

import java.util.logging.LogManager;

/**
 * java.util.logging, minus the reset the JDK runs in a shutdown hook of its own: that hook races the one that
 * stops the framework and would close the console handler while bundles still log their shutdown.
 * Installed by {@link Main} through {@code java.util.logging.manager}.
 */
public final class ConsoleLogManager extends LogManager {
    @Override
    public void reset() {
        // keep the handlers until the JVM ends
    }
}
