package im.confab.sm.blocking.internal;

import im.confab.api.jid.Jid;
import im.confab.api.session.ClientSession;
import im.confab.api.session.SessionAttribute;
import im.confab.api.session.SessionManager;
import im.confab.api.sm.Outcome;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StanzaError.Condition;
import im.confab.api.store.RosterStore;
import im.confab.api.store.StoreException;
import im.confab.api.xml.XmlElement;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * XEP-0191 section 3, the three commands: blocklist, block, unblock, with their pushes to the resources that
 * asked for the blocklist and the presence the XEP asks for on both changes. Pure logic; the three iq handlers
 * call it.
 */
final class BlockCommands {
    static final String NAMESPACE = "urn:xmpp:blocking";
    /** Set once a resource asked for the blocklist: it gets pushes from then on (as roster "interested"). */
    static final SessionAttribute<Boolean> REQUESTED =
            new SessionAttribute<>("im.confab.sm.blocking.requested", Boolean.class);
    private static final System.Logger LOG = System.getLogger(BlockCommands.class.getName());

    private final Blocklists lists;
    private final SessionManager sessions;
    private final RosterStore roster; // null without a roster provider: nobody is subscribed then
    private final AtomicLong pushes = new AtomicLong();

    BlockCommands(Blocklists lists, SessionManager sessions, RosterStore roster) {
        this.lists = lists;
        this.sessions = sessions;
        this.roster = roster;
    }

    /** XEP-0191 3.2: the list; the asking resource becomes one that gets pushes. */
    Outcome blocklist(Stanza iq, StanzaContext ctx) {
        String user = owner(iq);
        if (user == null) {
            return refuse(iq, ctx);
        }
        try {
            XmlElement.Builder list = XmlElement.builder("blocklist", NAMESPACE);
            lists.get(user).items().stream().map(Jid::toString).sorted().forEach(j -> list.child(item(j)));
            if (ctx.origin() != null) {
                ctx.origin().attribute(REQUESTED, Boolean.TRUE);
            }
            ctx.send(iq.resultReply().withPayload(List.of(list.build())));
        } catch (StoreException e) {
            failed(iq, ctx, e);
        }
        return Outcome.HANDLED;
    }

    /** XEP-0191 3.3: at least one item, each a valid JID. */
    Outcome block(Stanza iq, StanzaContext ctx) {
        String user = owner(iq);
        if (user == null) {
            return refuse(iq, ctx);
        }
        List<Jid> items = items(iq.payload());
        if (items == null || items.isEmpty()) {
            ctx.send(iq.errorReply(Condition.BAD_REQUEST, items == null ? "an item's jid is missing or invalid"
                    : "block needs at least one item"));
            return Outcome.HANDLED;
        }
        try {
            Set<Jid> added = lists.block(user, items);
            ctx.send(iq.resultReply());
            push(iq.from().bare(), iq.payload().name(), items, ctx);
            // "MUST send unavailable presence information to the contact (but only if the contact is allowed to
            // receive presence notifications from the user)": from each available resource, to each contact
            // with a subscription to the user that a new item matches
            List<ClientSession> available = sessions.sessions(iq.from().bare()).stream()
                    .filter(ClientSession::available).toList();
            if (!available.isEmpty()) {
                for (Jid contact : subscribers(user, added)) {
                    available.forEach(s -> ctx.send(Stanza.presence().type("unavailable").from(s.jid()).to(contact)
                            .build()));
                }
            }
        } catch (Blocklists.LimitExceeded e) {
            ctx.send(iq.errorReply(Condition.POLICY_VIOLATION, e.getMessage()));
        } catch (StoreException e) {
            failed(iq, ctx, e);
        }
        return Outcome.HANDLED;
    }

    /** XEP-0191 3.4 and 3.5: the items, or with none all of them. */
    Outcome unblock(Stanza iq, StanzaContext ctx) {
        String user = owner(iq);
        if (user == null) {
            return refuse(iq, ctx);
        }
        List<Jid> items = items(iq.payload());
        if (items == null) {
            ctx.send(iq.errorReply(Condition.BAD_REQUEST, "an item's jid is missing or invalid"));
            return Outcome.HANDLED;
        }
        try {
            Set<Jid> removed = lists.unblock(user, items);
            ctx.send(iq.resultReply());
            push(iq.from().bare(), iq.payload().name(), items, ctx);
            // "MUST send the user's current presence information to the contact": only the presence plugin knows
            // it, and answers a probe with it when the contact is subscribed (RFC 6121 4.3.2). So the contact
            // "asks": a probe that stays inside this server, to the user's bare JID.
            Jid account = iq.from().bare();
            for (Jid contact : subscribers(user, removed)) {
                ctx.send(Stanza.presence().type("probe").from(contact).to(account).build());
            }
        } catch (StoreException e) {
            failed(iq, ctx, e);
        }
        return Outcome.HANDLED;
    }

    /** @return the user whose list this is: only its own resources may use the commands; else null */
    private static String owner(Stanza iq) {
        Jid from = iq.from();
        Jid to = iq.to();
        if (from == null || from.local() == null || to == null) {
            return null;
        }
        // no 'to' became the bare JID in the session manager; a client may also address its server
        return to.equals(from.bare()) || to.isDomain() && to.domain().equals(from.domain()) ? from.local() : null;
    }

    private static Outcome refuse(Stanza iq, StanzaContext ctx) {
        ctx.send(iq.errorReply(Condition.SERVICE_UNAVAILABLE)); // someone else's list: as if there were none
        return Outcome.HANDLED;
    }

    /** @return the items' JIDs, in order and without duplicates; null if one has no valid jid */
    private static List<Jid> items(XmlElement command) {
        Set<Jid> jids = new LinkedHashSet<>();
        for (XmlElement e : command.elements()) {
            if (e.is("item", NAMESPACE)) {
                Jid j = Jid.parseOrNull(e.attribute("jid"));
                if (j == null) {
                    return null;
                }
                jids.add(j);
            }
        }
        return List.copyOf(jids);
    }

    private static XmlElement item(String jid) {
        return XmlElement.builder("item", NAMESPACE).attribute("jid", jid).build();
    }

    /** The same command to every resource that asked for the blocklist (the asking one included). */
    private void push(Jid account, String command, List<Jid> items, StanzaContext ctx) {
        XmlElement.Builder b = XmlElement.builder(command, NAMESPACE);
        items.forEach(j -> b.child(item(j.toString())));
        XmlElement payload = b.build();
        for (ClientSession s : sessions.sessions(account)) {
            if (Boolean.TRUE.equals(s.attribute(REQUESTED))) {
                ctx.send(Stanza.iq("set").id("block-push-" + pushes.incrementAndGet()).from(account).to(s.jid())
                        .child(payload).build());
            }
        }
    }

    /** @return the JIDs the items match among contacts subscribed to the user's presence (from or both) */
    private Collection<Jid> subscribers(String user, Collection<Jid> items) {
        if (roster == null || items.isEmpty()) {
            return List.of();
        }
        List<Jid> subscribed = new ArrayList<>();
        try {
            for (RosterStore.Item i : roster.roster(user).items()) {
                if (i.subscription() == RosterStore.Subscription.from
                        || i.subscription() == RosterStore.Subscription.both) {
                    subscribed.add(i.jid());
                }
            }
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "roster of " + user + " unreadable; no presence sent for a (un)block", e);
            return List.of();
        }
        Set<Jid> out = new LinkedHashSet<>();
        for (Jid item : items) {
            for (Jid contact : subscribed) {
                if (item.resource() != null ? item.bare().equals(contact) : Blocklist.matches(item, contact)) {
                    out.add(item.resource() != null ? item : contact); // a full-JID item: only that resource
                }
            }
        }
        return out;
    }

    private static void failed(Stanza iq, StanzaContext ctx, StoreException e) {
        LOG.log(Level.WARNING, "blocklist of " + iq.from().bare() + " could not be read or changed", e);
        ctx.send(iq.errorReply(Condition.INTERNAL_SERVER_ERROR));
    }
}
