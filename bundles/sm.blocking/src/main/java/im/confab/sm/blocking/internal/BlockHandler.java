package im.confab.sm.blocking.internal;

import im.confab.api.annotations.IqHandler;
import im.confab.api.annotations.IqType;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.sm.StanzaHandler;
import im.confab.api.stanza.Stanza;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/** XEP-0191 Blocking Command: blocks JIDs, pushes the change to the resources that asked for the list. */
@Component(configurationPid = BlockingCore.PID) // also its queues (xmpp.processor.*), in conf/xmpp.sm.blocking.cfg
@IqHandler(namespace = BlockCommands.NAMESPACE, element = "block", type = IqType.set)
public final class BlockHandler implements StanzaHandler {
    private final BlockCommands commands;

    @Activate
    public BlockHandler(@Reference(name = "core") BlockingCore core) {
        this.commands = core.commands;
    }

    /** Configuration changes only change service properties; the session manager re-reads them. */
    @Modified
    void modified() {
    }

    @Override
    public Outcome handle(Stanza iq, StanzaContext ctx) {
        return commands.block(iq, ctx);
    }
}
