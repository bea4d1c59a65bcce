package im.confab.sm.offline.internal;

import im.confab.api.annotations.GogoCommand;
import im.confab.api.jid.Jid;
import im.confab.api.store.OfflineStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo {@code confab:offline USER}: how many messages wait for a user (XEP-0160). */
@Component(service = Object.class)
@GogoCommand(function = "offline")
public final class OfflineCommands {
    private final OfflineStore store;

    @Activate
    public OfflineCommands(@Reference OfflineStore store) {
        this.store = store;
    }

    /** @return the number of stored messages of a user ({@code alice} or {@code alice@domain}) */
    public String offline(String user) {
        String local = user.contains("@") ? Jid.parse(user).local() : Jid.normalizeLocal(user);
        return Integer.toString(store.count(local));
    }
}
