package im.confab.admin.internal;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import im.confab.api.annotations.GogoCommand;

/**
 * {@code confab:feature-uninstall NAME}. A Gogo {@link Function} service rather than a method:
 * Gogo maps a command name to a method name, and no method can be called {@code feature-uninstall}.
 */
@Component(service = Function.class)
@GogoCommand(function = "feature-uninstall")
public final class FeatureUninstallCommand implements Function {
    private final FeatureManager features;

    @Activate
    public FeatureUninstallCommand(@Reference FeatureManager features) {
        this.features = features;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        String name = CommandArgs.single(arguments, "confab:feature-uninstall NAME");
        return features.uninstall(name);
    }
}
