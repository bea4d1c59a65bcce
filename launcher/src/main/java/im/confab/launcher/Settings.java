package im.confab.launcher;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Where the distribution lives and the framework properties to start it with: {@code conf/config.properties},
 * then {@code -Dconfab.*} system properties, then what the launcher fixes. Used by {@link Main} and {@link Ctl}.
 */
final class Settings {
    static final String HOME = "confab.home";
    static final String DATA = "confab.data";
    static final String FEATURE = "confab.feature";
    static final String CONFIG_FILE = "conf/config.properties";
    static final String SOCKET = "run/confabctl.sock";

    /** Start levels: infrastructure and admin, then FileInstall, then the features' bundles. */
    static final int BOOT_LEVEL = 1;
    static final int CONF_LEVEL = 2;
    static final int FEATURE_LEVEL = 3;

    private final Path home;
    private final Path data;
    private final Map<String, String> config;

    private Settings(Path home, Map<String, String> config) {
        this.home = home;
        this.config = config;
        this.data = home.resolve(config.getOrDefault(DATA, "data")).normalize();
    }

    /** Reads {@code <home>/conf/config.properties} (absent is fine) and applies {@code confab.*} overrides. */
    static Settings load(Path home, Map<String, String> systemProperties) throws IOException {
        Path abs = home.toAbsolutePath().normalize();
        Map<String, String> raw = new LinkedHashMap<>();
        Path file = abs.resolve(CONFIG_FILE);
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String key : p.stringPropertyNames()) {
                raw.put(key, p.getProperty(key).trim());
            }
        }
        systemProperties.forEach((k, v) -> {
            if (k.startsWith("confab.") && !k.equals(HOME)) {
                raw.put(k, v);
            }
        });
        raw.put(HOME, abs.toString());
        Map<String, String> resolved = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            resolved.put(key, substitute(raw.get(key), name -> raw.containsKey(name) ? raw.get(name) : systemProperties.get(name)));
        }
        return new Settings(abs, resolved);
    }

    /** {@code -Dconfab.home} (set by bin/confab), else the directory above the lib/ holding this jar. */
    static Path locateHome() {
        String prop = System.getProperty(HOME);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        try {
            Path jar = Path.of(Settings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(".");
        }
    }

    /** Expands {@code ${name}} (nested up to a few levels); an unknown name stays as written. */
    static String substitute(String value, UnaryOperator<String> lookup) {
        String result = value;
        for (int depth = 0; depth < 8 && result.contains("${"); depth++) {
            StringBuilder out = new StringBuilder();
            int from = 0;
            boolean changed = false;
            while (true) {
                int start = result.indexOf("${", from);
                int end = start < 0 ? -1 : result.indexOf('}', start);
                if (start < 0 || end < 0) {
                    out.append(result, from, result.length());
                    break;
                }
                String name = result.substring(start + 2, end);
                String replacement = lookup.apply(name);
                out.append(result, from, start);
                if (replacement == null) {
                    out.append(result, start, end + 1);
                } else {
                    out.append(replacement);
                    changed = true;
                }
                from = end + 1;
            }
            result = out.toString();
            if (!changed) {
                break;
            }
        }
        return result;
    }

    Path home() {
        return home;
    }

    Path data() {
        return data;
    }

    Path socket() {
        return data.resolve(SOCKET);
    }

    Path bootBundles() {
        return home.resolve("bundles").resolve("boot");
    }

    String logLevel() {
        return config.get("confab.log.level");
    }

    String feature() {
        return config.getOrDefault(FEATURE, "im");
    }

    /** Everything the framework gets; {@code interactive} selects the Gogo console or daemon mode. */
    Map<String, String> frameworkProperties(boolean interactive) {
        Map<String, String> p = new LinkedHashMap<>();
        // Defaults that conf/config.properties may change.
        p.put(FEATURE, "im");
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.filter", ".*\\.cfg");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.log.level", "3");    // entries go to the LogService; confab.log.level filters
        p.put("felix.fileinstall.log.default", "jul"); // until a LogService is there
        p.put("felix.fileinstall.configEncoding", "UTF-8");
        // Without a console, Gogo must neither read stdin nor stop the framework when stdin ends (pitfall 4).
        p.put("gosh.args", interactive ? "" : "--nointeractive --noshutdown");
        p.putAll(config);
        // Fixed by the launcher.
        p.put(HOME, home.toString());
        p.put(DATA, data.toString());
        p.put("org.osgi.framework.storage", data.resolve("cache").toString());
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        // up to conf/ only: Main raises the level to the features once FileInstall has read every file there
        p.put("org.osgi.framework.startlevel.beginning", String.valueOf(CONF_LEVEL));
        p.put("felix.fileinstall.dir", home.resolve("conf").toString());
        // Gogo reads <gosh.home>/etc/gosh_profile (ours) instead of its own, and not one from the working directory.
        p.put("gosh.home", home.toString());
        p.put("felix.fileinstall.enableConfigSave", "false"); // pitfall 6: conf/ is the operator's, never written
        return p;
    }
}
