package im.confab.sm.presence.internal;

import im.confab.api.jid.Jid;
import im.confab.api.store.RosterStore.Item;
import im.confab.api.store.RosterStore.Subscription;
import im.confab.api.store.RosterXml;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The presence subscription state machine of RFC 6121 Appendix A (tables 2 to 9), with pre-approval (3.4), from
 * the user's side: outbound events are what the user sends, inbound ones what the contact sends. Pure.
 *
 * <p>An item with a null name is only a record of a pending inbound request from someone not in the roster
 * (see {@link RosterXml}); it stays invisible until the user approves, and disappears when the request does.
 */
final class SubscriptionMachine {
    private SubscriptionMachine() {
    }

    /** A subscription presence, by direction and type. */
    enum Event {
        SUBSCRIBE_OUT, SUBSCRIBED_OUT, UNSUBSCRIBE_OUT, UNSUBSCRIBED_OUT,
        SUBSCRIBE_IN, SUBSCRIBED_IN, UNSUBSCRIBE_IN, UNSUBSCRIBED_IN;

        /** @return the event of a presence type, or null when it is not a subscription type */
        static Event of(String type, boolean outbound) {
            if (type == null) {
                return null;
            }
            return switch (type) {
                case "subscribe" -> outbound ? SUBSCRIBE_OUT : SUBSCRIBE_IN;
                case "subscribed" -> outbound ? SUBSCRIBED_OUT : SUBSCRIBED_IN;
                case "unsubscribe" -> outbound ? UNSUBSCRIBE_OUT : UNSUBSCRIBE_IN;
                case "unsubscribed" -> outbound ? UNSUBSCRIBED_OUT : UNSUBSCRIBED_IN;
                default -> null;
            };
        }
    }

    /** What the server must do besides storing the new state. */
    enum Effect {
        /** Outbound: route the stanza on to the contact, stamped with the user's bare JID. */
        ROUTE,
        /** Inbound: deliver the stanza to the user. */
        DELIVER,
        /** Answer the contact with "subscribed" on the user's behalf (A.3.1 [2], pre-approval 3.4). */
        REPLY_SUBSCRIBED,
        /** Answer the contact with "unsubscribed" on the user's behalf (A.3.2 [1]). */
        REPLY_UNSUBSCRIBED,
        /** The contact lost its subscription: unavailable from each available resource, before routing (3.2.2). */
        UNAVAILABLE_TO_CONTACT,
        /** The contact gained a subscription: current presence of each available resource (3.1.5). */
        PRESENCE_TO_CONTACT,
        /** The roster as the user sees it changed: push the item to the interested resources. */
        PUSH
    }

    /**
     * @param before the stored item, or null
     * @param after the item to store, or null to remove the record (or store nothing)
     * @param effects what else to do
     */
    record Transition(Item before, Item after, Set<Effect> effects) {
        boolean changed() {
            return !Objects.equals(before, after);
        }

        boolean has(Effect e) {
            return effects.contains(e);
        }
    }

    /** Applies an event to the item of a contact (null when there is none). */
    static Transition apply(Item item, Jid contact, Event event) {
        boolean to = item != null && (item.subscription() == Subscription.to || item.subscription() == Subscription.both);
        boolean from = item != null
                && (item.subscription() == Subscription.from || item.subscription() == Subscription.both);
        boolean out = item != null && item.askOut();
        boolean in = item != null && item.pendingIn();
        boolean approved = item != null && item.preApproved();
        Set<Effect> fx = EnumSet.noneOf(Effect.class);
        switch (event) {
            case SUBSCRIBE_OUT -> { // table 2: always routed; pending out unless already subscribed
                fx.add(Effect.ROUTE);
                out = !to;
            }
            case UNSUBSCRIBE_OUT -> { // table 3
                fx.add(Effect.ROUTE);
                to = false;
                out = false;
            }
            case SUBSCRIBED_OUT -> { // table 4 and 3.4.2
                if (from) {
                    break; // silently ignored
                }
                if (in) { // an approval
                    fx.add(Effect.ROUTE);
                    fx.add(Effect.PRESENCE_TO_CONTACT);
                    from = true;
                    in = false;
                    approved = false;
                } else { // a pre-approval, not routed
                    approved = true;
                }
            }
            case UNSUBSCRIBED_OUT -> { // table 5 and 3.2.2
                if (from) { // a cancellation
                    fx.add(Effect.UNAVAILABLE_TO_CONTACT);
                    fx.add(Effect.ROUTE);
                } else if (in) { // a denial
                    fx.add(Effect.ROUTE);
                } // otherwise not routed; at most it cancels a pre-approval ([1])
                from = false;
                in = false;
                approved = false;
            }
            case SUBSCRIBE_IN -> { // table 6 and 3.1.3
                if (from) {
                    fx.add(Effect.REPLY_SUBSCRIBED); // [2]
                } else if (in) {
                    // Asked again while the first request waits: delivered again, nothing stored. 3.1.3 says the
                    // server MUST send a request to all available resources; table 6 recommends not delivering a
                    // repeated one, but the user asks again because no answer came, and a client that missed or
                    // ignored the first has no other way to see it before its next login (docs/conformance.md).
                    fx.add(Effect.DELIVER);
                } else if (approved) { // [1] and 3.4: answered on the user's behalf
                    fx.add(Effect.REPLY_SUBSCRIBED);
                    fx.add(Effect.PRESENCE_TO_CONTACT);
                    from = true;
                    approved = false;
                } else {
                    fx.add(Effect.DELIVER);
                    in = true;
                }
            }
            case SUBSCRIBED_IN -> { // table 8 and 3.1.6: only an answer to a pending request counts
                if (out) {
                    fx.add(Effect.DELIVER);
                    to = true;
                    out = false;
                }
            }
            case UNSUBSCRIBE_IN -> { // table 7 and 3.3.3
                if (from || in) {
                    if (RosterXml.inRoster(item)) {
                        fx.add(Effect.DELIVER);
                        fx.add(Effect.REPLY_UNSUBSCRIBED);
                    } // else 3.3.3: a request from someone not in the roster is simply forgotten
                    if (from) {
                        fx.add(Effect.UNAVAILABLE_TO_CONTACT);
                    }
                    from = false;
                    in = false;
                }
            }
            case UNSUBSCRIBED_IN -> { // table 9 and 3.2.3
                if (to || out) {
                    fx.add(Effect.DELIVER);
                    to = false;
                    out = false;
                }
            }
        }
        Item after = item(item, contact, to, from, out, in, approved);
        if (!Objects.equals(visible(item), visible(after))) {
            fx.add(Effect.PUSH);
        }
        return new Transition(item, after, fx);
    }

    private static Item item(Item before, Jid contact, boolean to, boolean from, boolean out, boolean in,
            boolean approved) {
        Subscription s = to ? (from ? Subscription.both : Subscription.to) : (from ? Subscription.from
                : Subscription.none);
        if (before != null && before.subscription() == s && before.askOut() == out && before.pendingIn() == in
                && before.preApproved() == approved) {
            return before;
        }
        boolean empty = s == Subscription.none && !out && !approved;
        if (!RosterXml.inRoster(before) && empty) {
            // 3.1.3: until the user approves, a request is recorded but the contact is not added to the roster
            return in ? new Item(contact, null, Subscription.none, false, true, false, List.of()) : null;
        }
        String name = before == null || before.name() == null ? "" : before.name();
        List<String> groups = before == null ? List.of() : before.groups();
        return new Item(contact, name, s, out, in, approved, groups);
    }

    /** @return the item as roster results and pushes show it, or null when it is not in the roster */
    static Object visible(Item item) {
        return RosterXml.inRoster(item) ? RosterXml.toElement(item) : null;
    }
}
