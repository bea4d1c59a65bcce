package im.confab.admin.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/** Installs, finds and removes the jars of {@code <confab.home>/bundles}; the OSGi side of the feature manager. */
final class BundleDeployer {
    static final long REFRESH_TIMEOUT_SECONDS = 30;

    private record Identity(String symbolicName, Version version) {
    }

    private final BundleContext context;
    private final Path bundlesDir;
    private final Map<Path, Identity> identities = new ConcurrentHashMap<>();

    BundleDeployer(BundleContext context, Path bundlesDir) {
        this.context = context;
        this.bundlesDir = bundlesDir;
    }

    Path jar(BundleRef ref) {
        return bundlesDir.resolve(ref.fileName());
    }

    /** The location we install a bundle under; it tells our bundles apart from the same jar installed by others. */
    String location(BundleRef ref) {
        return jar(ref).toUri().toString();
    }

    /** The installed bundle for {@code ref}: ours (by location) or any with the same symbolic name and version. */
    Optional<Bundle> find(BundleRef ref) {
        Bundle ours = context.getBundle(location(ref));
        if (ours != null) {
            return Optional.of(ours);
        }
        Identity id = identity(jar(ref));
        if (id == null) {
            return Optional.empty();
        }
        for (Bundle b : context.getBundles()) {
            if (id.symbolicName().equals(b.getSymbolicName()) && id.version().equals(b.getVersion())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    boolean isOurs(Bundle bundle, BundleRef ref) {
        return location(ref).equals(bundle.getLocation());
    }

    Bundle install(BundleRef ref) throws BundleException {
        Path jar = jar(ref);
        if (!Files.isRegularFile(jar)) {
            throw new BundleException("no jar for " + ref + ": " + jar + " is missing");
        }
        return context.installBundle(location(ref));
    }

    /**
     * Starts a bundle (persistently). While the framework is still below the bundles' start level this only
     * marks it; the framework starts it when it gets there.
     */
    void start(Bundle bundle) throws BundleException {
        if (!isFragment(bundle)) {
            bundle.start();
        }
    }

    static boolean isFragment(Bundle bundle) {
        BundleRevision rev = bundle.adapt(BundleRevision.class);
        return rev != null && (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** Uninstalls and then refreshes, waiting (bounded) for the refresh so the old classes are gone on return. */
    void uninstall(Collection<Bundle> bundles) throws BundleException, InterruptedException {
        BundleException first = null;
        for (Bundle b : bundles) {
            try {
                b.uninstall();
            } catch (BundleException | IllegalStateException e) {
                if (first == null) {
                    first = new BundleException("uninstall of " + b.getSymbolicName() + " failed: " + e.getMessage(), e);
                }
            }
        }
        refresh(context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class), bundles,
                REFRESH_TIMEOUT_SECONDS);
        if (first != null) {
            throw first;
        }
    }

    /** Refreshes {@code bundles} and the bundles wired to them, and waits (bounded) until the framework is done. */
    static void refresh(FrameworkWiring wiring, Collection<Bundle> bundles, long timeoutSeconds)
            throws BundleException, InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        if (!refreshed.await(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new BundleException("bundle refresh did not finish in " + timeoutSeconds + " s");
        }
    }

    private Identity identity(Path jar) {
        Identity cached = identities.get(jar);
        if (cached != null || !Files.isRegularFile(jar)) {
            return cached;
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            if (mf == null) {
                return null;
            }
            Attributes main = mf.getMainAttributes();
            String bsn = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null) {
                return null;
            }
            int semi = bsn.indexOf(';');
            Identity id = new Identity((semi < 0 ? bsn : bsn.substring(0, semi)).trim(),
                    Version.parseVersion(main.getValue(Constants.BUNDLE_VERSION)));
            identities.put(jar, id);
            return id;
        } catch (IOException | IllegalArgumentException e) {
            return null; // installing it will report the real problem
        }
    }
}
