package im.confab.api.sm;

import im.confab.api.xml.XmlElement;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** What the plugins present now add to the server, aggregated from their service properties. */
@ProviderType
public interface PluginRegistry {

    /** @return the XEP-0030 features ({@code xmpp.disco.feature}) of all plugins present now */
    Set<String> discoFeatures();

    /**
     * @param authenticated true for the features after authentication, false for those before
     * @return the stream features ({@code xmpp.stream.feature.*}) of all plugins present now
     */
    List<XmlElement> streamFeatures(boolean authenticated);
}
