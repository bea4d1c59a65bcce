package im.confab.sm.version.internal;

import im.confab.api.annotations.DiscoFeature;
import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.util.List;

/** XEP-0092 Software Version: the server's name and version (and, if configured, its operating system). */
@Component(configurationPid = VersionHandler.PID) // also its queues (xmpp.processor.*), in conf/xmpp.sm.version.cfg
@Designate(ocd = VersionHandler.Config.class)
@IqHandler(namespace = VersionHandler.NAMESPACE, element = "query", type = IqType.get)
@DiscoFeature(VersionHandler.NAMESPACE)
public final class VersionHandler implements StanzaHandler {
    static final String PID = "xmpp.sm.version";
    static final String NAMESPACE = "jabber:iq:version";
    static final String NAME = "Confab";

    @ObjectClassDefinition(name = "Confab software version (XEP-0092)")
    @interface Config {
        // XEP-0092 section 4: the operating system helps attackers more than it helps anyone else; off by default.
        @AttributeDefinition(description = "Tell requesters the server's operating system")
        boolean show_os() default false;
    }

    private final XmlElement withoutOs;
    private final XmlElement withOs;
    private volatile boolean showOs;

    @Activate
    public VersionHandler(BundleContext context, Config config) {
        // Read once: a new version of the bundle is a new activation. The framework's os name, not the JVM's
        // system property: configuration comes from the framework (STYLE 2.4).
        this(context.getBundle().getVersion().toString(), context.getProperty(Constants.FRAMEWORK_OS_NAME),
                config);
    }

    VersionHandler(String version, String osName, Config config) {
        this.withoutOs = query(version, null);
        this.withOs = query(version, osName);
        modified(config);
    }

    @Modified
    void modified(Config config) {
        showOs = config.show_os();
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        if (iq.to() == null || !iq.to().isDomain()) {
            // An account's bare JID: the account's clients answer for their full JIDs, the server has nothing
            // to say for it; the session manager's default (service-unavailable) applies.
            return Outcome.PASS;
        }
        ctx.send(iq.resultReply().withPayload(List.of(showOs ? withOs : withoutOs)));
        return Outcome.HANDLED;
    }

    private static XmlElement query(String version, String os) {
        XmlElement.Builder b = XmlElement.builder("query", NAMESPACE).textChild("name", NAME)
                .textChild("version", version);
        if (os != null && !os.isBlank()) {
            b.textChild("os", os);
        }
        return b.build();
    }
}
