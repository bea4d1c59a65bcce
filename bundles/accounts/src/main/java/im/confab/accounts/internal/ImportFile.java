package im.confab.accounts.internal;

import im.confab.api.jid.Jid;
import im.confab.api.store.RosterStore.Subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The provisioning file of {@code confab:import}: one record per line, fields separated by blanks, {@code #}
 * starts a comment line.
 *
 * <pre>
 * user    NAME PASSWORD                       the rest of the line is the password
 * contact OWNER CONTACT-JID SUBSCRIPTION [NAME]  a roster item; SUBSCRIPTION is none, to, from or both
 * </pre>
 *
 * Everything is checked before anything is written, so a bad line changes nothing; errors name the line.
 */
record ImportFile(Map<String, String> users, List<Contact> contacts) {

    /** A roster item of {@code owner} (a normalized localpart). */
    record Contact(String owner, Jid jid, Subscription subscription, String name) {
    }

    static ImportFile parse(List<String> lines) {
        Map<String, String> users = new LinkedHashMap<>();
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                String[] f = line.split("\\s+", 5);
                switch (f[0]) {
                    case "user" -> {
                        String[] u = line.split("\\s+", 3);
                        need(u.length == 3, "user NAME PASSWORD");
                        String name = UserNames.localpart(u[1]);
                        need(users.putIfAbsent(name, u[2]) == null, "user " + name + " appears twice");
                    }
                    case "contact" -> {
                        need(f.length >= 4, "contact OWNER CONTACT-JID SUBSCRIPTION [NAME]");
                        contacts.add(new Contact(UserNames.localpart(f[1]), bareJid(f[2]), subscription(f[3]),
                                f.length == 5 ? f[4] : null));
                    }
                    default -> throw new IllegalArgumentException("unknown record '" + f[0]
                            + "' (user or contact)");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new ImportFile(users, contacts);
    }

    private static Jid bareJid(String s) {
        Jid j = Jid.parseOrNull(s);
        need(j != null && j.isBare(), "'" + s + "' is not a bare JID such as bob@example.org");
        return j;
    }

    private static Subscription subscription(String s) {
        try {
            return Subscription.valueOf(s.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("subscription '" + s + "' is not none, to, from or both", e);
        }
    }

    private static void need(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
