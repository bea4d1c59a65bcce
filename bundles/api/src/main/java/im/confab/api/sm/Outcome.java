package im.confab.api.sm;

/** What a handler did with a stanza. */
public enum Outcome {
    /** Taken care of: no other handler runs (Prosody's {@code return true}). */
    HANDLED,
    /** Not for this handler: the next-ranked one, then the default, gets it. */
    PASS
}
