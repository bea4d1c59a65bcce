package im.confab.accounts.internal;

import im.confab.api.auth.AccountStore;
import im.confab.api.store.RosterStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes an {@link ImportFile}: accounts first (existing ones are left alone, password included), then roster
 * items (put, so that importing the same file twice changes nothing but roster versions). Deriving the SCRAM
 * credentials of an account is the slow part (two PBKDF2 runs), so accounts are created in parallel on the
 * common pool.
 */
final class Importer {
    private final AccountStore accounts;
    private final RosterStore rosters;

    Importer(AccountStore accounts, RosterStore rosters) {
        this.accounts = accounts;
        this.rosters = rosters;
    }

    /** What an import did. */
    record Result(int created, int existed, int contacts, long owners) {
        @Override
        public String toString() {
            return "accounts: " + created + " created, " + existed + " already existed; roster items: " + contacts
                    + " for " + owners + " users";
        }
    }

    Result run(ImportFile file) {
        for (ImportFile.Contact c : file.contacts()) { // fail before writing anything
            if (!file.users().containsKey(c.owner()) && !accounts.exists(c.owner())) {
                throw new IllegalArgumentException("roster item for " + c.owner()
                        + ", which is neither in the file nor an account");
            }
        }
        LongAdder created = new LongAdder();
        List<Map.Entry<String, String>> users = List.copyOf(file.users().entrySet());
        users.parallelStream().forEach(u -> {
            if (accounts.create(u.getKey(), u.getValue())) {
                created.increment();
            }
        });
        for (ImportFile.Contact c : file.contacts()) {
            rosters.put(c.owner(), new RosterStore.Item(c.jid(), c.name(), c.subscription(), false, false, false,
                    List.of()));
        }
        int made = created.intValue();
        long owners = file.contacts().stream().map(ImportFile.Contact::owner).distinct().count();
        return new Result(made, users.size() - made, file.contacts().size(), owners);
    }
}
