package im.confab.test.support;

import im.confab.api.session.ClientConnection;
import im.confab.api.session.ConnectionInfo;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StreamError;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ClientConnection} that keeps what is delivered to it and how it was closed. Its idle time is
 * {@link #idle}, which a test sets; a subclass may compute it from a virtual clock instead.
 */
public class FakeConnection implements ClientConnection {
    /** What was delivered, oldest first. */
    public final List<Stanza> delivered = new ArrayList<>();
    /** The condition of the last {@link #close}, or null while open. */
    public StreamError.Condition closedWith;
    /** The text of the last {@link #close}, or null. */
    public String closeText;
    /** What {@link #idleMillis()} answers. */
    public long idle;

    @Override
    public void deliver(Stanza stanza) {
        delivered.add(stanza);
    }

    @Override
    public void close(StreamError.Condition condition, String text) {
        closedWith = condition;
        closeText = text;
    }

    @Override
    public ConnectionInfo info() {
        return new ConnectionInfo("test", "127.0.0.1:1", null, null);
    }

    @Override
    public long idleMillis() {
        return idle;
    }
}
