package im.confab.test.support;

import im.confab.api.session.ClientSession;
import im.confab.api.sm.StanzaContext;
import im.confab.api.stanza.Stanza;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A {@link StanzaContext} that keeps what a handler sends, in order, instead of routing it.
 *
 * <pre>{@code
 * RecordingContext ctx = new RecordingContext(balcony, Direction.FROM_CLIENT);
 * handler.handle(Stanzas.parse("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>"), ctx);
 * assertEquals("<iq type='result' id='1'/>", ctx.onlyXml());
 * }</pre>
 *
 * <p>For tests of failure handling, {@link #failOnSend} makes {@link #send} throw once {@link #failAfter} stanzas
 * have been kept, and {@link #afterSend} runs after each kept stanza (to interleave something, as a race would).
 */
public class RecordingContext implements StanzaContext {
    /** What was sent, oldest first. */
    public final List<Stanza> sent = new ArrayList<>();
    private final ClientSession origin;
    private final Direction direction;
    /** If not null, {@link #send} throws it once {@link #failAfter} stanzas have been kept. */
    public RuntimeException failOnSend;
    /** How many stanzas {@link #send} keeps before it throws {@link #failOnSend}; all of them by default. */
    public int failAfter = Integer.MAX_VALUE;
    /** Runs after each stanza is kept; does nothing by default. */
    public Runnable afterSend = () -> { };
    /**
     * What {@link #sendTracked} returns for each stanza after keeping it: done at once by default, as when the
     * recipient's side had finished with it already.
     */
    public Function<Stanza, CompletionStage<Void>> whenDone = s -> CompletableFuture.completedFuture(null);
    /** What {@link #mayBlock} answers: true (a plugin's queue) unless a test calls an inline plugin's fast path. */
    public boolean mayBlock = true;

    /** A context with no origin session, directed {@link Direction#TO_LOCAL}. */
    public RecordingContext() {
        this(null, Direction.TO_LOCAL);
    }

    /**
     * A context directed {@link Direction#TO_LOCAL}.
     *
     * @param origin the session the stanza came from, or null
     */
    public RecordingContext(ClientSession origin) {
        this(origin, Direction.TO_LOCAL);
    }

    /**
     * @param origin    the session the stanza came from, or null
     * @param direction which way the stanza being handled is going
     */
    public RecordingContext(ClientSession origin, Direction direction) {
        this.origin = origin;
        this.direction = direction;
    }

    @Override
    public void send(Stanza stanza) {
        if (failOnSend != null && sent.size() >= failAfter) {
            throw failOnSend;
        }
        sent.add(stanza);
        afterSend.run();
    }

    @Override
    public CompletionStage<Void> sendTracked(Stanza stanza) {
        send(stanza);
        return whenDone.apply(stanza);
    }

    @Override
    public ClientSession origin() {
        return origin;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public boolean mayBlock() {
        return mayBlock;
    }

    /** @return everything sent, serialized, each stanza followed by a newline */
    public String xml() {
        StringBuilder sb = new StringBuilder();
        for (Stanza s : sent) {
            sb.append(s.toXml()).append('\n');
        }
        return sb.toString();
    }

    /** @return everything sent, serialized, one string per stanza */
    public List<String> sentXml() {
        return sent.stream().map(Stanza::toXml).toList();
    }

    /**
     * @return the only stanza sent, serialized
     * @throws AssertionError if not exactly one stanza was sent
     */
    public String onlyXml() {
        if (sent.size() != 1) {
            throw new AssertionError("expected one stanza, got " + sent);
        }
        return sent.get(0).toXml();
    }
}
