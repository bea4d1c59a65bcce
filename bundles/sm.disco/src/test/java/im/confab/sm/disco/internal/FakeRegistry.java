package im.confab.sm.disco.internal;

import im.confab.api.sm.PluginRegistry;
import im.confab.api.xml.XmlElement;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A registry whose features the test changes, as plugins coming and going would. */
final class FakeRegistry implements PluginRegistry {
    final Set<String> features = new LinkedHashSet<>();

    FakeRegistry(String... features) {
        this.features.addAll(List.of(features));
    }

    @Override
    public Set<String> discoFeatures() {
        return Set.copyOf(features);
    }

    @Override
    public List<XmlElement> streamFeatures(boolean authenticated) {
        return List.of();
    }
}
