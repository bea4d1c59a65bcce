package im.confab.admin.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;

/**
 * Copies OSGi log entries (SCR, ConfigAdmin, FileInstall ...) to the JVM's System.Logger, which the launcher
 * sends to the console with timestamps. Without it, once a LogService exists those bundles log only into it
 * and a component that fails to activate does so silently. Threshold: framework property
 * {@code confab.log.level} (ERROR, WARN, INFO, DEBUG; default WARN). Below WARN it also lowers the root level
 * of the LoggerAdmin, whose default (WARN) would otherwise keep the bundles from logging finer entries at all.
 */
@Component(service = {}) // a listener, not a service: it registers itself with the LogReaderService
public final class LogForwarder implements LogListener {
    static final String LEVEL_PROPERTY = "confab.log.level";

    private final LogReaderService reader;
    private final LogLevel threshold;
    private final LoggerContext rootContext;
    private final Map<String, LogLevel> previousLevels;

    @Activate
    public LogForwarder(BundleContext context, @Reference LogReaderService reader,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) LoggerAdmin loggerAdmin) {
        this.reader = reader;
        this.threshold = parseLevel(context.getProperty(LEVEL_PROPERTY));
        if (loggerAdmin != null && !LogLevel.WARN.implies(threshold)) {
            rootContext = loggerAdmin.getLoggerContext(null);
            previousLevels = rootContext.getLogLevels();
            Map<String, LogLevel> levels = new HashMap<>(previousLevels);
            levels.put(org.osgi.service.log.Logger.ROOT_LOGGER_NAME, threshold);
            rootContext.setLogLevels(levels);
        } else {
            rootContext = null;
            previousLevels = null;
        }
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
        if (rootContext != null) {
            rootContext.setLogLevels(previousLevels);
        }
    }

    @Override
    public void logged(LogEntry entry) {
        // Framework, bundle and service events arrive as entries of the "Events.*" loggers too;
        // the launcher reports framework events itself, and the others are noise.
        if (!threshold.implies(entry.getLogLevel()) || entry.getLoggerName().startsWith("Events.")) {
            return;
        }
        Bundle b = entry.getBundle();
        String source = b == null || b.getSymbolicName() == null ? "osgi" : b.getSymbolicName();
        Logger logger = System.getLogger(source);
        Level level = toSystemLevel(entry.getLogLevel());
        String message = entry.getMessage();
        if (entry.getServiceReference() != null) {
            message = message + " [" + entry.getServiceReference() + "]";
        }
        if (entry.getException() != null) {
            logger.log(level, message, entry.getException());
        } else {
            logger.log(level, message);
        }
    }

    static LogLevel parseLevel(String value) {
        if (value == null || value.isBlank()) {
            return LogLevel.WARN;
        }
        String v = value.trim().toUpperCase(java.util.Locale.ROOT);
        if (v.equals("WARNING")) {
            return LogLevel.WARN;
        }
        try {
            return LogLevel.valueOf(v);
        } catch (IllegalArgumentException e) {
            return LogLevel.WARN;
        }
    }

    private static Level toSystemLevel(LogLevel level) {
        switch (level) {
            case AUDIT:
            case ERROR:
                return Level.ERROR;
            case WARN:
                return Level.WARNING;
            case INFO:
                return Level.INFO;
            case DEBUG:
                return Level.DEBUG;
            default:
                return Level.TRACE;
        }
    }
}
