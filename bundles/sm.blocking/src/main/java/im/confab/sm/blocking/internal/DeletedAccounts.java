package im.confab.sm.blocking.internal;

import im.confab.api.auth.AccountListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A deleted account's blocklist went with it in the store; the cached copy goes too (XEP-0077 3.2). */
@Component
public final class DeletedAccounts implements AccountListener {
    private final BlockingCore core;

    @Activate
    public DeletedAccounts(@Reference(name = "core") BlockingCore core) {
        this.core = core;
    }

    @Override
    public void accountDeleted(String username) {
        core.lists.invalidate(username);
    }
}
