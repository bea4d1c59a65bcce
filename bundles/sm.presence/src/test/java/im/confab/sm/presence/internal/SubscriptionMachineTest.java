package im.confab.sm.presence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import im.confab.api.jid.Jid;
import im.confab.api.store.RosterStore.Item;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.store.RosterXml;
import im.confab.sm.presence.internal.SubscriptionMachine.Effect;
import im.confab.sm.presence.internal.SubscriptionMachine.Event;
import im.confab.sm.presence.internal.SubscriptionMachine.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every row of RFC 6121 Appendix A, tables 2 to 9, as printed there (but [3]); then pre-approval and pending
 * records.
 */
class SubscriptionMachineTest {
    private static final Jid CONTACT = Jid.parse("juliet@example.com");

    // Table rows: existing state | ROUTE?/DELIVER? | new state (copied from the RFC)
    private static final String[] OUT_SUBSCRIBE = { // Table 2
        "None                  |  MUST [1] |  None + Pending Out",
        "None + Pending Out    |  MUST     |  no state change",
        "None + Pending In     |  MUST [1] |  None + Pending Out+In",
        "None + Pending Out+In |  MUST     |  no state change",
        "To                    |  MUST     |  no state change",
        "To + Pending In       |  MUST     |  no state change",
        "From                  |  MUST [1] |  From + Pending Out",
        "From + Pending Out    |  MUST     |  no state change",
        "Both                  |  MUST     |  no state change",
    };
    private static final String[] OUT_UNSUBSCRIBE = { // Table 3
        "None                  |  MUST    |  no state change",
        "None + Pending Out    |  MUST    |  None",
        "None + Pending In     |  MUST    |  no state change",
        "None + Pending Out+In |  MUST    |  None + Pending In",
        "To                    |  MUST    |  None",
        "To + Pending In       |  MUST    |  None + Pending In",
        "From                  |  MUST    |  no state change",
        "From + Pending Out    |  MUST    |  From",
        "Both                  |  MUST    |  From",
    };
    private static final String[] OUT_SUBSCRIBED = { // Table 4
        "None                  |  M.N.    |  pre-approval [1]",
        "None + Pending Out    |  M.N.    |  pre-approval [1]",
        "None + Pending In     |  MUST    |  From",
        "None + Pending Out+In |  MUST    |  From + Pending Out",
        "To                    |  M.N.    |  pre-approval [1]",
        "To + Pending In       |  MUST    |  Both",
        "From                  |  M.N.    |  no state change",
        "From + Pending Out    |  M.N.    |  no state change",
        "Both                  |  M.N.    |  no state change",
    };
    private static final String[] OUT_UNSUBSCRIBED = { // Table 5
        "None                  |  S.N.    |  no state change [1]",
        "None + Pending Out    |  S.N.    |  no state change [1]",
        "None + Pending In     |  MUST    |  None",
        "None + Pending Out+In |  MUST    |  None + Pending Out",
        "To                    |  S.N.    |  no state change [1]",
        "To + Pending In       |  MUST    |  To",
        "From                  |  MUST    |  None",
        "From + Pending Out    |  MUST    |  None + Pending Out",
        "Both                  |  MUST    |  To",
    };
    // [3] where the table says SHOULD NOT: a repeated request is delivered again (3.1.3's MUST; docs/conformance.md)
    private static final String[] IN_SUBSCRIBE = { // Table 6
        "None                  |  MUST [1]  |  None + Pending In",
        "None + Pending Out    |  MUST      |  None + Pending Out+In",
        "None + Pending In     |  MUST [3]  |  no state change",
        "None + Pending Out+In |  MUST [3]  |  no state change",
        "To                    |  MUST      |  To + Pending In",
        "To + Pending In       |  MUST [3]  |  no state change",
        "From                  |  S.N. [2]  |  no state change",
        "From + Pending Out    |  S.N. [2]  |  no state change",
        "Both                  |  S.N. [2]  |  no state change",
    };
    private static final String[] IN_UNSUBSCRIBE = { // Table 7
        "None                  |  S.N.      |  no state change",
        "None + Pending Out    |  S.N.      |  no state change",
        "None + Pending In     |  MUST [1]  |  None",
        "None + Pending Out+In |  MUST [1]  |  None + Pending Out",
        "To                    |  S.N.      |  no state change",
        "To + Pending In       |  MUST [1]  |  To",
        "From                  |  MUST [1]  |  None",
        "From + Pending Out    |  MUST [1]  |  None + Pending Out",
        "Both                  |  MUST [1]  |  To",
    };
    private static final String[] IN_SUBSCRIBED = { // Table 8
        "None                  |  S.N.      |  no state change",
        "None + Pending Out    |  MUST      |  To",
        "None + Pending In     |  S.N.      |  no state change",
        "None + Pending Out+In |  MUST      |  To + Pending In",
        "To                    |  S.N.      |  no state change",
        "To + Pending In       |  S.N.      |  no state change",
        "From                  |  S.N.      |  no state change",
        "From + Pending Out    |  MUST      |  Both",
        "Both                  |  S.N.      |  no state change",
    };
    private static final String[] IN_UNSUBSCRIBED = { // Table 9
        "None                  |  S.N.      |  no state change",
        "None + Pending Out    |  MUST      |  None",
        "None + Pending In     |  S.N.      |  no state change",
        "None + Pending Out+In |  MUST      |  None + Pending In",
        "To                    |  MUST      |  None",
        "To + Pending In       |  MUST      |  None + Pending In",
        "From                  |  S.N.      |  no state change",
        "From + Pending Out    |  MUST      |  From",
        "Both                  |  MUST      |  From",
    };

    static Stream<Arguments> appendixA() {
        List<Arguments> rows = new ArrayList<>();
        add(rows, Event.SUBSCRIBE_OUT, OUT_SUBSCRIBE);
        add(rows, Event.UNSUBSCRIBE_OUT, OUT_UNSUBSCRIBE);
        add(rows, Event.SUBSCRIBED_OUT, OUT_SUBSCRIBED);
        add(rows, Event.UNSUBSCRIBED_OUT, OUT_UNSUBSCRIBED);
        add(rows, Event.SUBSCRIBE_IN, IN_SUBSCRIBE);
        add(rows, Event.UNSUBSCRIBE_IN, IN_UNSUBSCRIBE);
        add(rows, Event.SUBSCRIBED_IN, IN_SUBSCRIBED);
        add(rows, Event.UNSUBSCRIBED_IN, IN_UNSUBSCRIBED);
        return rows.stream();
    }

    private static void add(List<Arguments> rows, Event e, String[] table) {
        for (String row : table) {
            String[] cells = row.split("\\|");
            rows.add(Arguments.of(e, cells[0].trim(), cells[1].trim(), cells[2].trim()));
        }
    }

    /** The user's roster item in one of the nine states of A.1 (in the roster, named, no pre-approval). */
    static Item state(String name) {
        boolean out = name.contains("Pending Out");
        boolean in = name.contains("Pending In") || name.contains("Out+In");
        Subscription s = switch (name.split(" ")[0]) {
            case "None" -> Subscription.none;
            case "To" -> Subscription.to;
            case "From" -> Subscription.from;
            case "Both" -> Subscription.both;
            default -> throw new IllegalArgumentException(name);
        };
        return new Item(CONTACT, "Juliet", s, out, in, false, List.of("Friends"));
    }

    /** @return the A.1 name of an item's state */
    static String name(Item i) {
        if (i == null) {
            return "None";
        }
        String base = switch (i.subscription()) {
            case none -> "None";
            case to -> "To";
            case from -> "From";
            case both -> "Both";
        };
        if (i.askOut() && i.pendingIn()) {
            return base + " + Pending Out+In";
        }
        return i.askOut() ? base + " + Pending Out" : i.pendingIn() ? base + " + Pending In" : base;
    }

    @ParameterizedTest(name = "{0} in \"{1}\": {2}, {3}")
    @MethodSource("appendixA")
    void appendixA(Event event, String existing, String routeOrDeliver, String newState) {
        Item before = state(existing);
        Transition t = SubscriptionMachine.apply(before, CONTACT, event);

        boolean outbound = event.name().endsWith("_OUT");
        boolean must = routeOrDeliver.startsWith("MUST");
        assertEquals(must, t.has(outbound ? Effect.ROUTE : Effect.DELIVER), "route/deliver");
        assertFalse(t.has(outbound ? Effect.DELIVER : Effect.ROUTE));

        if (newState.startsWith("no state change")) {
            assertEquals(before, t.after());
            assertFalse(t.changed());
        } else if (newState.startsWith("pre-approval")) {
            assertEquals(existing, name(t.after()));
            assertTrue(t.after().preApproved(), "3.4.2 rule 3: approved flag set");
        } else {
            assertEquals(newState, name(t.after()));
        }
        if (t.after() != null) { // the user's own data survives every transition
            assertEquals("Juliet", t.after().name());
            assertEquals(List.of("Friends"), t.after().groups());
        }
        // a push exactly when the roster as the client sees it changed (subscription, ask, approved)
        assertEquals(!SubscriptionMachine.visible(before).equals(SubscriptionMachine.visible(t.after())),
                t.has(Effect.PUSH), "push");

        // footnotes: auto-replies and the presence that goes with a subscription won or lost
        boolean from = before.subscription() == Subscription.from || before.subscription() == Subscription.both;
        assertEquals(event == Event.SUBSCRIBE_IN && routeOrDeliver.contains("[2]"),
                t.has(Effect.REPLY_SUBSCRIBED), "A.3.1 [2]");
        assertEquals(event == Event.UNSUBSCRIBE_IN && routeOrDeliver.contains("[1]"),
                t.has(Effect.REPLY_UNSUBSCRIBED), "A.3.2 [1]");
        assertEquals(from && (event == Event.UNSUBSCRIBED_OUT || event == Event.UNSUBSCRIBE_IN),
                t.has(Effect.UNAVAILABLE_TO_CONTACT), "3.2.2 / 3.3.3: unavailable to a lost subscriber");
        assertEquals(event == Event.SUBSCRIBED_OUT && must, t.has(Effect.PRESENCE_TO_CONTACT),
                "3.1.5: presence to a new subscriber");
    }

    // ---- pre-approval (3.4)

    @Test
    void preApprovalOfSomeoneNotInTheRosterCreatesAnItem() {
        Transition t = SubscriptionMachine.apply(null, CONTACT, Event.SUBSCRIBED_OUT);
        assertEquals(Set.of(Effect.PUSH), t.effects(), "3.4.2 rule 4: pushed, not routed");
        assertEquals(new Item(CONTACT, "", Subscription.none, false, false, true, List.of()), t.after());
        assertTrue(RosterXml.inRoster(t.after()));
    }

    @Test
    void aPreApprovedRequestIsAnsweredOnTheUsersBehalf() {
        String[][] rows = {{"None", "From"}, {"None + Pending Out", "From + Pending Out"}, {"To", "Both"}};
        for (String[] row : rows) {
            Item approved = withApproval(state(row[0]));
            Transition t = SubscriptionMachine.apply(approved, CONTACT, Event.SUBSCRIBE_IN);
            assertEquals(EnumSet.of(Effect.REPLY_SUBSCRIBED, Effect.PRESENCE_TO_CONTACT, Effect.PUSH), t.effects(),
                    row[0]);
            assertEquals(row[1], name(t.after()));
            assertFalse(t.after().preApproved(), "the approval is used up");
        }
    }

    @Test
    void unsubscribedCancelsAPreApprovalWithoutBeingRouted() {
        for (String s : new String[] {"None", "None + Pending Out", "To"}) {
            Transition t = SubscriptionMachine.apply(withApproval(state(s)), CONTACT, Event.UNSUBSCRIBED_OUT);
            assertEquals(Set.of(Effect.PUSH), t.effects(), s);
            assertEquals(state(s), t.after());
        }
    }

    @Test
    void aSecondPreApprovalChangesNothing() {
        Transition t = SubscriptionMachine.apply(withApproval(state("None")), CONTACT, Event.SUBSCRIBED_OUT);
        assertFalse(t.changed());
        assertTrue(t.effects().isEmpty());
    }

    private static Item withApproval(Item i) {
        return new Item(i.jid(), i.name(), i.subscription(), i.askOut(), i.pendingIn(), true, i.groups());
    }

    // ---- requests from someone not in the roster (3.1.3 security warning, A.1 state 3)

    @Test
    void aRequestFromAStrangerIsRecordedButNotAddedToTheRoster() {
        Transition t = SubscriptionMachine.apply(null, CONTACT, Event.SUBSCRIBE_IN);
        assertEquals(Set.of(Effect.DELIVER), t.effects());
        assertEquals(new Item(CONTACT, null, Subscription.none, false, true, false, List.of()), t.after());
        assertFalse(RosterXml.inRoster(t.after()));

        Transition again = SubscriptionMachine.apply(t.after(), CONTACT, Event.SUBSCRIBE_IN);
        assertEquals(Set.of(Effect.DELIVER), again.effects(), "asked again: delivered again");
        assertFalse(again.changed(), "nothing stored twice");
    }

    @Test
    void approvingAStrangerAddsThemToTheRoster() {
        Item record = SubscriptionMachine.apply(null, CONTACT, Event.SUBSCRIBE_IN).after();
        Transition t = SubscriptionMachine.apply(record, CONTACT, Event.SUBSCRIBED_OUT);
        assertEquals(EnumSet.of(Effect.ROUTE, Effect.PRESENCE_TO_CONTACT, Effect.PUSH), t.effects());
        assertEquals(new Item(CONTACT, "", Subscription.from, false, false, false, List.of()), t.after());
    }

    @Test
    void subscribingBackToAStrangerAddsThemToTheRoster() {
        Item record = SubscriptionMachine.apply(null, CONTACT, Event.SUBSCRIBE_IN).after();
        Transition t = SubscriptionMachine.apply(record, CONTACT, Event.SUBSCRIBE_OUT);
        assertEquals(EnumSet.of(Effect.ROUTE, Effect.PUSH), t.effects());
        assertEquals("None + Pending Out+In", name(t.after()));
        assertTrue(RosterXml.inRoster(t.after()));
    }

    @Test
    void denyingOrWithdrawingAStrangersRequestForgetsIt() {
        Item record = SubscriptionMachine.apply(null, CONTACT, Event.SUBSCRIBE_IN).after();

        Transition denied = SubscriptionMachine.apply(record, CONTACT, Event.UNSUBSCRIBED_OUT);
        assertEquals(Set.of(Effect.ROUTE), denied.effects());
        assertNull(denied.after());
        assertTrue(denied.changed(), "the record is removed");

        Transition withdrawn = SubscriptionMachine.apply(record, CONTACT, Event.UNSUBSCRIBE_IN);
        assertTrue(withdrawn.effects().isEmpty(), "3.3.3: simply removed, nothing delivered");
        assertNull(withdrawn.after());
        assertTrue(withdrawn.changed());
    }

    @Test
    void withoutAnyItemOnlySubscribeAndPreApprovalLeaveARecord() {
        for (Event e : Event.values()) {
            Transition t = SubscriptionMachine.apply(null, CONTACT, e);
            boolean records = e == Event.SUBSCRIBE_IN || e == Event.SUBSCRIBE_OUT || e == Event.SUBSCRIBED_OUT;
            assertEquals(records, t.after() != null, e.name());
        }
        // an unsubscribe from nobody is still routed (table 3, "None": MUST), an unsubscribed is not (table 5)
        assertEquals(Set.of(Effect.ROUTE), SubscriptionMachine.apply(null, CONTACT, Event.UNSUBSCRIBE_OUT).effects());
        assertTrue(SubscriptionMachine.apply(null, CONTACT, Event.UNSUBSCRIBED_OUT).effects().isEmpty());
    }

    @Test
    void eventsAreNamedByPresenceType() {
        assertEquals(Event.SUBSCRIBED_OUT, Event.of("subscribed", true));
        assertEquals(Event.UNSUBSCRIBE_IN, Event.of("unsubscribe", false));
        assertNull(Event.of("probe", false));
        assertNull(Event.of(null, true));
    }
}
