package im.confab.sm.register.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.auth.AccountStore;
import im.confab.api.auth.Scram;
import im.confab.api.auth.ScramAlgorithm;
import im.confab.api.auth.ScramCredentials;
import im.confab.api.stanza.Stanza;
import im.confab.api.xml.XmlElement;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

class PreAuthRegistrationTest {
    /** An account store in memory, hashing like the real one. */
    static final class Accounts implements AccountStore {
        final Map<String, ScramCredentials> users = new ConcurrentHashMap<>();

        @Override
        public boolean create(String username, String password) {
            return users.putIfAbsent(username, Scram.derive(ScramAlgorithm.SHA_256, password, 4096)) == null;
        }

        @Override
        public boolean changePassword(String username, String password) {
            return users.replace(username, Scram.derive(ScramAlgorithm.SHA_256, password, 4096)) != null;
        }

        @Override
        public boolean delete(String username) {
            return users.remove(username) != null;
        }

        @Override
        public boolean exists(String username) {
            return users.containsKey(username);
        }

        @Override
        public Optional<ScramCredentials> credentials(String username, ScramAlgorithm algorithm) {
            return Optional.ofNullable(users.get(username));
        }

        @Override
        public List<String> usernames() {
            return users.keySet().stream().sorted().toList();
        }
    }

    static PreAuthRegistration.Config config(boolean open) {
        return new PreAuthRegistration.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PreAuthRegistration.Config.class;
            }

            @Override
            public boolean allow_registration() {
                return open;
            }

            @Override
            public int min_password_length() {
                return 8;
            }
        };
    }

    static Stanza set(String user, String password) {
        XmlElement.Builder q = XmlElement.builder("query", Register.NS);
        if (user != null) {
            q.textChild("username", user);
        }
        if (password != null) {
            q.textChild("password", password);
        }
        return Stanza.iq("set").id("r1").child(q.build()).build();
    }

    @Test
    void closedByDefaultAnswersServiceUnavailable() {
        PreAuthRegistration r = new PreAuthRegistration(new Accounts(), config(false));
        assertFalse(r.open());
        assertTrue(r.preAuth(set("new", "long-enough"), "localhost").toXml().contains("service-unavailable"));
    }

    @Test
    void formThenRegistrationThenConflict() {
        Accounts accounts = new Accounts();
        PreAuthRegistration r = new PreAuthRegistration(accounts, config(true));
        Stanza form = r.preAuth(Stanza.iq("get").id("f").child(XmlElement.of("query", Register.NS)).build(), "localhost");
        assertEquals("<iq type='result' id='f'><query xmlns='jabber:iq:register'><instructions>Choose a username and "
                + "password for use with this service.</instructions><username/><password/></query></iq>", form.toXml());
        assertEquals("<iq type='result' id='r1'/>", r.preAuth(set("Newbie", "long-enough"), "localhost").toXml());
        assertTrue(Scram.verify(accounts.users.get("newbie"), "long-enough"), "normalized name, hashed password");
        assertTrue(r.preAuth(set("newbie", "other-password"), "localhost").toXml().contains("<conflict"));
        assertTrue(r.preAuth(set("x", "short"), "localhost").toXml().contains("<not-acceptable"));
        assertTrue(r.preAuth(set(null, "long-enough"), "localhost").toXml().contains("<not-acceptable"));
        assertTrue(r.preAuth(set("a b", "long-enough"), "localhost").toXml().contains("<jid-malformed"));
    }
}
