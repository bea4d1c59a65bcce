package im.confab.store.jdbc.internal;

import im.confab.api.store.StoreException;
import im.confab.api.xml.XmlElement;
import im.confab.xml.internal.AaltoStreamParserFactory;

import java.sql.PreparedStatement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcXmlStoreTest {
    private static JdbcXmlStore open(Database db) {
        return new JdbcXmlStore(db, new AaltoStreamParserFactory());
    }

    private static XmlElement vcard(String name) {
        return XmlElement.builder("vCard", "vcard-temp").textChild("FN", name)
                .child(XmlElement.builder("PHOTO", "vcard-temp").textChild("BINVAL", "A".repeat(200_000)).build())
                .build();
    }

    private static XmlElement prefs(String value) {
        return XmlElement.builder("prefs", "urn:example:prefs").attribute("theme", value).text("<&>").build();
    }

    @EachDatabase
    void documentsRoundTripByKindAndKey(TestDatabase db) {
        JdbcXmlStore store = open(db.open());
        assertTrue(store.get("alice", "vcard", "").isEmpty());
        store.put("Alice", "vcard", "", vcard("Alice Ä"));
        store.put("alice", "private", "urn:example:prefs", prefs("dark"));
        store.put("alice", "private", "urn:example:other", prefs("other"));

        assertEquals(vcard("Alice Ä"), store.get("alice", "vcard", "").orElseThrow()); // a large one too
        assertEquals(prefs("dark"), store.get("alice", "private", "urn:example:prefs").orElseThrow());
        assertTrue(store.get("alice", "private", "").isEmpty());
        assertTrue(store.get("alice", "vcard", "urn:example:prefs").isEmpty());
    }

    @EachDatabase
    void putReplacesAndDeleteTellsWhetherThereWasOne(TestDatabase db) {
        JdbcXmlStore store = open(db.open());
        store.put("alice", "private", "urn:example:prefs", prefs("dark"));
        store.put("alice", "private", "urn:example:prefs", prefs("light"));
        assertEquals(prefs("light"), store.get("alice", "private", "urn:example:prefs").orElseThrow());
        assertTrue(store.delete("alice", "private", "urn:example:prefs"));
        assertFalse(store.delete("alice", "private", "urn:example:prefs"));
        assertTrue(store.get("alice", "private", "urn:example:prefs").isEmpty());
    }

    @EachDatabase
    void deleteUserRemovesOnlyThatUser(TestDatabase db) {
        JdbcXmlStore store = open(db.open());
        store.put("alice", "vcard", "", vcard("A"));
        store.put("alice", "private", "urn:example:prefs", prefs("a"));
        store.put("bob", "vcard", "", vcard("B"));
        store.deleteUser("alice");
        assertTrue(store.get("alice", "vcard", "").isEmpty());
        assertTrue(store.get("alice", "private", "urn:example:prefs").isEmpty());
        assertEquals(vcard("B"), store.get("bob", "vcard", "").orElseThrow());
    }

    @EachDatabase
    void badInputAndUnreadableDocuments(TestDatabase db) throws Exception {
        Database d = db.open();
        JdbcXmlStore store = open(d);
        assertThrows(IllegalArgumentException.class, () -> store.put("alice", "", "", prefs("x")));
        assertThrows(IllegalArgumentException.class, () -> store.get("alice", "vcard", null));
        assertThrows(IllegalArgumentException.class, () -> store.get("a@b", "vcard", ""));
        d.call(c -> {
            try (PreparedStatement ps = c.prepareStatement(XmlSql.INSERT)) {
                ps.setString(1, "<broken");
                ps.setString(2, "alice");
                ps.setString(3, "vcard");
                ps.setString(4, "");
                return ps.executeUpdate();
            }
        });
        StoreException e = assertThrows(StoreException.class, () -> store.get("alice", "vcard", ""));
        assertTrue(e.getMessage().startsWith("xmpp.store.jdbc: cannot read vcard document '' of alice"),
                e.getMessage());
        store.put("alice", "vcard", "", vcard("fixed")); // overwriting repairs it
        assertEquals(vcard("fixed"), store.get("alice", "vcard", "").orElseThrow());
    }
}
