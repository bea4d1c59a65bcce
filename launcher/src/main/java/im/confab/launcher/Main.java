package im.confab.launcher;

import java.io.Console;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Starts Confab: the OSGi framework found through the standard launch API, the boot bundles, then Gogo, as an
 * interactive console on a terminal or without one in daemon mode ({@code --no-shell}, or no terminal). Exits 0
 * once the framework has stopped: {@code stop 0} or {@code exit} in the console, or SIGTERM (shutdown hook).
 */
public final class Main {
    static final long STOP_TIMEOUT_MILLIS = 30_000;
    static final long START_TIMEOUT_SECONDS = 120;
    /** Set when the shutdown hook, not the console or a command, stops the framework. */
    private static final AtomicBoolean SIGNALLED = new AtomicBoolean();

    private static final String USAGE = "usage: confab [--no-shell]\n"
            + "  --no-shell  run without the Gogo console (the default when not on a terminal);\n"
            + "              use bin/confabctl to run commands in the running server";

    private Main() {
    }

    public static void main(String[] args) {
        boolean noShell = false;
        for (String arg : args) {
            if (arg.equals("--no-shell")) {
                noShell = true;
            } else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(USAGE);
                return;
            } else {
                System.err.println("confab: unknown argument " + arg + "\n" + USAGE);
                System.exit(2);
            }
        }
        setUpLogging();
        nettyDefaults();
        Logger log = System.getLogger("im.confab.launcher");
        int status;
        try {
            status = run(!noShell && onTerminal(), log);
        } catch (Exception e) {
            log.log(Level.ERROR, "Confab failed to start: " + e.getMessage(), e);
            status = 1;
        }
        System.exit(status);
    }

    private static int run(boolean interactive, Logger log) throws Exception {
        long t0 = System.nanoTime();
        Map<String, String> system = new HashMap<>();
        System.getProperties().forEach((k, v) -> system.put(String.valueOf(k), String.valueOf(v)));
        Settings settings = Settings.load(Settings.locateHome(), system);
        consoleLevel(settings.logLevel());

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Main.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/)"));
        Framework framework = factory.newFramework(settings.frameworkProperties(interactive));
        framework.init();

        CountDownLatch started = new CountDownLatch(1);
        framework.getBundleContext().addFrameworkListener(event -> {
            switch (event.getType()) {
                case FrameworkEvent.STARTED -> started.countDown();
                case FrameworkEvent.ERROR -> log.log(Level.ERROR, describe(event), event.getThrowable());
                case FrameworkEvent.WARNING -> log.log(Level.WARNING, describe(event), event.getThrowable());
                default -> { }
            }
        });
        framework.adapt(FrameworkStartLevel.class).setInitialBundleStartLevel(Settings.FEATURE_LEVEL);
        BootBundles boot = new BootBundles();
        boot.install(framework.getBundleContext(), settings.bootBundles());

        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, log), "confab-shutdown"));
        framework.start();
        if (!started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            log.log(Level.WARNING, "the framework has not reached its start level after " + START_TIMEOUT_SECONDS + " s");
        }
        // Components must start with the operator's configuration, not first with defaults and then again: a
        // store would open the wrong database, a certificate would be generated for the wrong names.
        ConfWait.untilRead(framework.getBundleContext(), settings.home().resolve("conf"), log);
        CountDownLatch featuresUp = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(Settings.FEATURE_LEVEL, e -> featuresUp.countDown());
        if (!featuresUp.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            log.log(Level.WARNING, "the features' start level was not reached after " + START_TIMEOUT_SECONDS + " s");
        }
        if (!interactive) {
            // No console: JLine should not probe for one (and warn that it found none).
            System.setProperty("org.jline.terminal.provider", "dumb");
        }
        boot.startShell(framework);
        if (!boot.inactive().isEmpty()) {
            log.log(Level.WARNING, "boot bundles not active (bundle state by name): " + boot.inactive());
        }
        log.log(Level.INFO, String.format("Confab started in %d ms (home %s, feature %s)%s",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), settings.home(), settings.feature(),
                interactive ? "" : "; commands: bin/confabctl COMMAND, stop: kill -TERM " + ProcessHandle.current().pid()));

        FrameworkEvent end = framework.waitForStop(0);
        if (!SIGNALLED.get()) {
            log.log(Level.INFO, "Confab stopped");  // by `stop 0` or the console; the shutdown hook logs its own
        }
        return end.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /** The shutdown hook: on SIGTERM (or System.exit while running) stop the framework, waiting a bounded time. */
    private static void stop(Framework framework, Logger log) {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return; // already stopped: `stop 0` or a failed start
        }
        SIGNALLED.set(true);
        log.log(Level.INFO, "stopping Confab");
        int status = 1;
        try {
            framework.stop();
            if (framework.waitForStop(STOP_TIMEOUT_MILLIS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.log(Level.WARNING, "the framework did not stop within " + STOP_TIMEOUT_MILLIS / 1000 + " s; exiting anyway");
            } else {
                log.log(Level.INFO, "Confab stopped");
                status = 0;
            }
        } catch (Exception e) {
            log.log(Level.ERROR, "stopping the framework failed: " + e.getMessage(), e);
        }
        // A clean stop on SIGTERM is a success for service managers: exit 0 rather than the JVM's 143.
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static String describe(FrameworkEvent event) {
        Bundle b = event.getBundle();
        String source = b == null ? "framework" : b.getSymbolicName() + " [" + b.getBundleId() + "]";
        Throwable t = event.getThrowable();
        return source + ": " + (t == null ? "framework event " + event.getType() : t.getMessage());
    }

    /**
     * A console: System.console() is null without one up to JDK 21; from JDK 22 it may exist without a terminal,
     * which Console.isTerminal() (22+, called reflectively: we compile for 17) tells.
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Log lines with timestamps on stderr, through java.util.logging (bundles use System.Logger, which maps to it). */
    private static void setUpLogging() {
        setIfAbsent("java.util.logging.manager", ConsoleLogManager.class.getName());
        setIfAbsent("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
    }

    /**
     * Netty's leak detector records the stack of one buffer allocation in {@code samplingInterval} (128 by
     * default). Every delivery allocates one, with a deep stack, so the default cost about 2 % of the CPU of a
     * presence broadcast (docs/performance.md, round 7). One in 1,024 still reports a leak within seconds of a
     * path that leaks under load; the end-to-end tests track every buffer instead. JAVA_OPTS may set either.
     */
    private static void nettyDefaults() {
        setIfAbsent("io.netty.leakDetection.samplingInterval", "1024");
    }

    /** confab.log.level also applies to the console (java.util.logging): DEBUG needs FINE there. */
    private static void consoleLevel(String level) {
        java.util.logging.Level jul = switch (level == null ? "" : level.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "ERROR" -> java.util.logging.Level.SEVERE;
            case "DEBUG" -> java.util.logging.Level.FINE;
            case "TRACE" -> java.util.logging.Level.FINEST;
            default -> java.util.logging.Level.INFO; // WARN and INFO: the launcher's own INFO lines stay visible
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(jul);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(jul);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
