package im.confab.sm.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import im.confab.sm.disco.internal.AccountDisco.Identity;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

class AccountDiscoTest {
    private static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    private final AccountDisco disco = new AccountDisco();

    /** The properties @AccountDiscoIdentity and @AccountDiscoFeature give, as DS hands them to bind methods. */
    static Map<String, Object> plugin(long id, String category, String type, Object features) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.id", id);
        if (category != null) {
            m.put(AccountDisco.CATEGORY, category);
            m.put(AccountDisco.TYPE, type);
        }
        if (features != null) {
            m.put(AccountDisco.FEATURE, features);
        }
        return m;
    }

    @Test
    void nothingBoundAddsNothing() {
        assertEquals(AccountDisco.View.EMPTY, disco.view());
    }

    @Test
    void identitiesAndFeaturesFollowThePluginsSortedAndWithoutDuplicates() {
        disco.add(plugin(1, "pubsub", "pep", new String[] {PUBSUB + "#publish", PUBSUB}));
        disco.add(plugin(2, null, null, PUBSUB)); // one value comes as a String
        disco.add(plugin(3, "pubsub", "pep", List.of("urn:xmpp:mam:2")));

        assertEquals(List.of(new Identity("pubsub", "pep")), List.copyOf(disco.view().identities()));
        assertEquals(List.of(PUBSUB, PUBSUB + "#publish", "urn:xmpp:mam:2"), List.copyOf(disco.view().features()));

        disco.remove(plugin(1, "pubsub", "pep", null));
        disco.remove(plugin(3, null, null, null)); // unbind finds the plugin by service id, whatever it declares
        assertEquals(Set.of(), disco.view().identities());
        assertEquals(Set.of(PUBSUB), disco.view().features());
    }

    @Test
    void newPropertiesReplaceTheOldOnes() {
        disco.add(plugin(1, "pubsub", "pep", "a"));
        disco.update(plugin(1, null, null, "b"));
        assertEquals(new AccountDisco.View(Set.of(), Set.of("b")), disco.view());
    }

    @Test
    void aServiceBoundUnderTwoStagesStaysUntilItLeavesBoth() {
        disco.add(plugin(7, null, null, "x"));
        disco.add(plugin(7, null, null, "x"));
        disco.remove(plugin(7, null, null, "x"));
        assertEquals(Set.of("x"), disco.view().features());
        disco.remove(plugin(7, null, null, "x"));
        assertEquals(Set.of(), disco.view().features());
    }

    @Test
    void anIdentityWithoutATypeIsLeftOut() {
        disco.add(plugin(1, "pubsub", "", "x"));
        assertEquals(Set.of(), disco.view().identities());
    }
}
