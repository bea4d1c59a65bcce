package im.confab.accounts.internal;

import im.confab.api.jid.Jid;

/** What an operator may type for a user: a bare localpart ({@code alice}) or a bare JID ({@code alice@host}). */
final class UserNames {
    private UserNames() {
    }

    /**
     * @return the normalized localpart
     * @throws IllegalArgumentException with a message fit for the operator
     */
    static String localpart(String user) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a user name is required, such as alice or alice@example.org");
        }
        String u = user.strip();
        Jid jid;
        try {
            if (u.indexOf('@') < 0) {
                return Jid.normalizeLocal(u);
            }
            jid = Jid.parse(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid user name '" + user + "': " + e.getMessage(), e);
        }
        if (jid.resource() != null) {
            throw new IllegalArgumentException("'" + user + "' has a resource; give alice or alice@example.org");
        }
        if (jid.local() == null) { // cannot happen with an '@' in it, but the check is cheap
            throw new IllegalArgumentException("invalid user name '" + user + "': no user part");
        }
        return jid.local();
    }

    static void requirePassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password must not be empty");
        }
    }
}
