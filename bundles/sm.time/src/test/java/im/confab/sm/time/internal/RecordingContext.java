package im.confab.sm.time.internal;

import im.confab.api.session.ClientSession;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;

import java.util.ArrayList;
import java.util.List;

/** Keeps what a handler sends. */
final class RecordingContext implements StanzaContext {
    final List<Stanza> sent = new ArrayList<>();

    @Override
    public void send(Stanza stanza) {
        sent.add(stanza);
    }

    @Override
    public ClientSession origin() {
        return null;
    }

    @Override
    public Direction direction() {
        return Direction.TO_LOCAL;
    }

    /** @return the only stanza sent, serialized */
    String onlyXml() {
        if (sent.size() != 1) {
            throw new AssertionError("expected one stanza, got " + sent);
        }
        return sent.get(0).toXml();
    }
}
