package im.confab.admin.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Installs the features of {@code <confab.home>/features}: at activation the ones named by the framework
 * property {@code confab.feature} (default {@code im}) plus those installed at run time before, later on
 * command. The launcher starts this bundle at a lower start level than FileInstall, so the features' default
 * configurations are in place before FileInstall reads {@code conf/} (which then replaces them: conf wins), and
 * the feature bundles, at the framework's initial bundle start level, start after both.
 */
@Component(service = FeatureManager.class, immediate = true) // it does its work at activation
public final class FeatureManager {
    static final String FEATURE = "confab.feature";
    static final String DEFAULT_FEATURE = "im";

    private static final System.Logger LOG = System.getLogger(FeatureManager.class.getName());

    private final ConfigurationAdmin configAdmin;
    private final Locations where;
    private final BundleDeployer deployer;
    private final FeatureState runtimeInstalled;
    private final List<String> configured;
    /** Features installed now; closed under dependencies. Guarded by this. */
    private final Set<String> installed = new LinkedHashSet<>();
    /** Re-read by every command, so a feature file added to the distribution needs no restart. Guarded by this. */
    private FeatureCatalog catalog;

    @Activate
    public FeatureManager(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
        this.configAdmin = configAdmin;
        this.where = Locations.of(context);
        this.catalog = FeatureCatalog.load(where.features());
        this.deployer = new BundleDeployer(context, where.bundles());
        this.runtimeInstalled = new FeatureState(where.data().resolve("admin").resolve("installed-features"));
        String wanted = context.getProperty(FEATURE);
        this.configured = names(wanted == null ? DEFAULT_FEATURE : wanted);

        for (String problem : catalog.problems()) {
            LOG.log(Level.ERROR, problem);
        }
        Set<String> atStart = new LinkedHashSet<>(configured);
        atStart.addAll(runtimeInstalled.read());
        for (String name : atStart) {
            try {
                LOG.log(Level.INFO, doInstall(name));
            } catch (RuntimeException | BundleException e) {
                LOG.log(Level.ERROR, "feature " + name + ": " + e.getMessage());
            }
        }
    }

    /** {@code confab:features}: one line per feature. */
    synchronized String list() throws IOException {
        catalog = FeatureCatalog.load(where.features());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FEATURE", "STATE", "ACTIVE", "DEPENDS", "DESCRIPTION"});
        for (Feature f : catalog.features().values()) {
            int active = 0;
            int present = 0;
            for (BundleRef ref : f.bundles()) {
                Optional<Bundle> b = deployer.find(ref);
                if (b.isPresent()) {
                    present++;
                    if (b.get().getState() == Bundle.ACTIVE || BundleDeployer.isFragment(b.get())) {
                        active++;
                    }
                }
            }
            String state = !installed.contains(f.name()) ? "not installed"
                    : present == f.bundles().size() ? "installed" : "partial";
            rows.add(new String[] {f.name(), state, active + "/" + f.bundles().size(),
                f.depends().isEmpty() ? "-" : String.join(",", f.depends()),
                Optional.ofNullable(f.title()).orElse("")});
        }
        StringBuilder out = new StringBuilder(Table.format(rows));  // ends with a line break
        out.append("confab.feature = ").append(String.join(",", configured));
        for (String problem : catalog.problems()) {
            out.append("\nproblem: ").append(problem);
        }
        return out.toString();
    }

    /** {@code confab:feature-install NAME}. */
    synchronized String install(String name) throws BundleException, IOException {
        catalog = FeatureCatalog.load(where.features());
        catalog.resolve(List.of(name)); // an unknown name or a cycle fails here, before anything changes
        try {
            return doInstall(name);
        } finally {
            runtimeInstalled.add(name); // also after a partial failure: what did install comes back
        }
    }

    /** {@code confab:feature-uninstall NAME}: removes the feature's bundles that no other installed feature lists. */
    synchronized String uninstall(String name) throws BundleException, IOException, InterruptedException {
        catalog = FeatureCatalog.load(where.features());
        catalog.get(name);
        if (!installed.contains(name)) {
            throw new IllegalArgumentException("feature " + name + " is not installed");
        }
        Set<String> needing = catalog.dependents(name, installed);
        if (!needing.isEmpty()) {
            throw new IllegalArgumentException("feature " + name + " is needed by installed feature(s) "
                    + String.join(", ", needing) + ": uninstall those first");
        }
        List<Bundle> remove = new ArrayList<>();
        for (BundleRef ref : catalog.exclusiveBundles(name, installed)) {
            // Only bundles we installed: one that someone else installed stays theirs.
            deployer.find(ref).filter(b -> deployer.isOurs(b, ref)).ifPresent(remove::add);
        }
        List<String> removedNames = new ArrayList<>();
        for (Bundle b : remove) {
            removedNames.add(b.getSymbolicName() + " " + b.getVersion());
        }
        installed.remove(name);
        runtimeInstalled.remove(name);
        if (!remove.isEmpty()) {
            deployer.uninstall(remove);
        }
        StringBuilder out = new StringBuilder("feature " + name + " uninstalled; ");
        out.append(removedNames.isEmpty() ? "no bundle removed" : "removed " + String.join(", ", removedNames));
        if (configured.contains(name)) {
            out.append("\nnote: confab.feature names ").append(name).append(", so it comes back at the next start");
        }
        return out.toString();
    }

    private String doInstall(String name) throws BundleException {
        List<Feature> order = catalog.resolve(List.of(name));
        List<String> errors = new ArrayList<>();
        int configs = 0;
        for (Feature f : order) {
            configs += applyDefaultConfigurations(f, errors);
        }
        List<Bundle> fresh = new ArrayList<>();
        int present = 0;
        for (Feature f : order) {
            for (BundleRef ref : f.bundles()) {
                if (deployer.find(ref).isPresent()) {
                    present++;
                    continue;
                }
                try {
                    fresh.add(deployer.install(ref));
                } catch (BundleException | RuntimeException e) {
                    errors.add("install " + ref + ": " + e.getMessage());
                }
            }
        }
        // Start after installing all, so each resolves against the whole set.
        for (Bundle b : fresh) {
            try {
                deployer.start(b);
            } catch (BundleException | RuntimeException e) {
                errors.add("start " + b.getSymbolicName() + ": " + e.getMessage());
            }
        }
        List<String> names = new ArrayList<>();
        for (Feature f : order) {
            installed.add(f.name());
            names.add(f.name());
        }
        String report = "feature " + name + " installed (" + String.join(" + ", names) + "): "
                + fresh.size() + " bundle(s) installed, " + present + " already there, "
                + configs + " default configuration(s) applied";
        if (!errors.isEmpty()) {
            throw new BundleException(report + "\n  " + String.join("\n  ", errors));
        }
        return report;
    }

    /** A feature's configuration is a default: it is written only for a PID that has no configuration yet. */
    private int applyDefaultConfigurations(Feature f, List<String> errors) {
        int applied = 0;
        for (Map.Entry<String, Map<String, Object>> e : f.configurations().entrySet()) {
            String pid = e.getKey();
            try {
                int tilde = pid.indexOf('~');   // factory configurations are named factoryPid~name in features
                Configuration c = tilde > 0
                        ? configAdmin.getFactoryConfiguration(pid.substring(0, tilde), pid.substring(tilde + 1), "?")
                        : configAdmin.getConfiguration(pid, "?");
                if (c.getProperties() == null) {
                    Dictionary<String, Object> props = ConfigValues.toProperties(e.getValue());
                    c.update(props);
                    applied++;
                }
            } catch (IOException | RuntimeException ex) {
                errors.add("configuration " + pid + ": " + ex.getMessage());
            }
        }
        return applied;
    }

    private static List<String> names(String commaSeparated) {
        List<String> out = new ArrayList<>();
        for (String s : Arrays.asList(commaSeparated.split(","))) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
