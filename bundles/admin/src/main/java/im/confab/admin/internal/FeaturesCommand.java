package im.confab.admin.internal;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import im.confab.api.annotations.GogoCommand;

/** {@code confab:features}: a {@link Function} like its dashed siblings, which cannot be methods. */
@Component(service = Function.class)
@GogoCommand(function = "features")
public final class FeaturesCommand implements Function {
    private final FeatureManager features;

    @Activate
    public FeaturesCommand(@Reference FeatureManager features) {
        this.features = features;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        CommandArgs.none(arguments, "confab:features");
        return features.list();
    }
}
