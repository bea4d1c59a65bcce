package im.confab.api.sm;

/** What a handler did with a stanza. */
public enum Outcome {
    /** Taken care of: no other handler runs (Prosody's {@code return true}). */
    HANDLED,
    /** Not for this handler: the next-ranked one, then the default, gets it. */
    PASS,
    /**
     * Only from an inline plugin ({@code @Processor(inline = true)}) called where it must not block
     * ({@link StanzaContext#mayBlock()} false): it cannot decide without blocking (a cache miss, a store write),
     * so the session manager calls it again with the same stanza on the plugin's own queue, where it may block.
     * Nothing may have been sent for the stanza before returning this.
     */
    DEFER
}
