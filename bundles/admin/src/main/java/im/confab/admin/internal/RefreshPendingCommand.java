package im.confab.admin.internal;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import im.confab.api.annotations.GogoCommand;

/**
 * {@code confab:refresh-pending}: finishes the removal of uninstalled bundles that other bundles still import.
 * Gogo's own {@code refresh} cannot: without arguments it throws (gogo.command 1.1.2 passes null to
 * {@code Arrays.asList}), it does not take an uninstalled bundle's id, and refreshing only the importers wires them
 * to the old exporter again. This refreshes the framework's removal-pending bundles (and with them their
 * importers) and waits until that is done.
 */
@Component(service = Function.class)
@GogoCommand(function = "refresh-pending")
public final class RefreshPendingCommand implements Function {
    private final BundleContext context;

    @Activate
    public RefreshPendingCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        CommandArgs.none(arguments, "confab:refresh-pending");
        return refreshPending(context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class),
                BundleDeployer.REFRESH_TIMEOUT_SECONDS);
    }

    /** Refreshes the removal-pending bundles and waits; @return what was refreshed, for the operator */
    static String refreshPending(FrameworkWiring wiring, long timeoutSeconds)
            throws BundleException, InterruptedException {
        Collection<Bundle> pending = wiring.getRemovalPendingBundles();
        if (pending.isEmpty()) {
            return "no uninstalled bundle is waiting for a refresh";
        }
        String names = pending.stream().map(b -> b.getSymbolicName() + " [" + b.getBundleId() + "]")
                .collect(Collectors.joining(", "));
        BundleDeployer.refresh(wiring, pending, timeoutSeconds);
        return "removed " + names + "; the bundles that imported from them were refreshed";
    }
}
