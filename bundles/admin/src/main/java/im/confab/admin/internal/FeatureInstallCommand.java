package im.confab.admin.internal;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import im.confab.api.annotations.GogoCommand;

/**
 * {@code confab:feature-install NAME}. A Gogo {@link Function} service rather than a method:
 * Gogo maps a command name to a method name, and no method can be called {@code feature-install}.
 */
@Component(service = Function.class)
@GogoCommand(function = "feature-install")
public final class FeatureInstallCommand implements Function {
    private final FeatureManager features;

    @Activate
    public FeatureInstallCommand(@Reference FeatureManager features) {
        this.features = features;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        String name = CommandArgs.single(arguments, "confab:feature-install NAME");
        return features.install(name);
    }
}
