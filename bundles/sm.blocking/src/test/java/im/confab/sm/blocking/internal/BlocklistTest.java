package im.confab.sm.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import org.junit.jupiter.api.Test;

import java.util.List;

class BlocklistTest {
    private static final List<String> SENDERS = List.of("romeo@montague.lit/orchard", "romeo@montague.lit",
            "romeo@montague.lit/garden", "benvolio@montague.lit/street", "montague.lit", "montague.lit/bot",
            "muc.montague.lit", "room@muc.montague.lit/romeo", "evilmontague.lit", "romeo@capulet.lit/orchard",
            "127.0.0.1", "romeo@10.0.0.1/x", "[::1]");

    private static Blocklist list(String... items) {
        return Blocklist.of(List.of(items).stream().map(Jid::parse).toList());
    }

    /** @return the senders the list blocks, checked both ways (set lookups and item by item) */
    private static List<String> blocked(Blocklist b) {
        List<String> out = SENDERS.stream().filter(s -> b.blocks(Jid.parse(s))).toList();
        List<String> slow = SENDERS.stream()
                .filter(s -> b.items().stream().anyMatch(i -> Blocklist.matches(i, Jid.parse(s)))).toList();
        assertEquals(slow, out, "blocks() and matches() disagree");
        return out;
    }

    @Test
    void aFullJidMatchesOnlyThatResource() {
        assertEquals(List.of("romeo@montague.lit/orchard"), blocked(list("romeo@montague.lit/orchard")));
    }

    @Test
    void aBareJidMatchesItAndAllItsResources() {
        assertEquals(List.of("romeo@montague.lit/orchard", "romeo@montague.lit", "romeo@montague.lit/garden"),
                blocked(list("romeo@montague.lit")));
    }

    @Test
    void aDomainWithAResourceMatchesOnlyThatJid() {
        assertEquals(List.of("montague.lit/bot"), blocked(list("montague.lit/bot")));
    }

    @Test
    void aDomainMatchesEverythingAtItAndAtItsSubdomains() {
        assertEquals(List.of("romeo@montague.lit/orchard", "romeo@montague.lit", "romeo@montague.lit/garden",
                "benvolio@montague.lit/street", "montague.lit", "montague.lit/bot", "muc.montague.lit",
                "room@muc.montague.lit/romeo"), blocked(list("montague.lit")));
    }

    @Test
    void ipAddressesHaveNoParentDomains() {
        assertEquals(List.of(), blocked(list("0.0.1", "0.1")));
        assertEquals(List.of("127.0.0.1"), blocked(list("127.0.0.1")));
    }

    @Test
    void matchingUsesNormalizedJids() {
        assertTrue(list("Romeo@Montague.LIT").blocks(Jid.parse("romeo@montague.lit/x")));
        assertFalse(list("romeo@montague.lit/Orchard").blocks(Jid.parse("romeo@montague.lit/orchard")));
    }

    @Test
    void anEmptyListBlocksNothing() {
        assertTrue(Blocklist.of(List.of()).isEmpty());
        assertEquals(List.of(), blocked(Blocklist.EMPTY));
    }
}
