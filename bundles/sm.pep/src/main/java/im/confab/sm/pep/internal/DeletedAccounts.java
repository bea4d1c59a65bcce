package im.confab.sm.pep.internal;

import im.confab.api.auth.AccountListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A deleted account's PEP nodes went with it in the store; the items kept in memory go too (XEP-0077 3.2). */
@Component
public final class DeletedAccounts implements AccountListener {
    private final PepService pep;

    @Activate
    public DeletedAccounts(@Reference(name = "pep") PepService pep) {
        this.pep = pep;
    }

    @Override
    public void accountDeleted(String username) {
        pep.nodes().forget(username);
    }
}
