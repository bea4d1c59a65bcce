package im.confab.c2s.internal;

/**
 * One server-side SASL exchange (not thread-safe; steps may block on the account store, so they run on the
 * c2s authentication executor, never on a network thread, unless {@link #nextStepBlocks()} says otherwise).
 */
interface SaslMechanism {
    /** Result of a step: a challenge to send, or success with optional additional data. */
    record Step(byte[] data, boolean done) {
    }

    /**
     * @param response the client's decoded (initial) response
     * @return the next challenge, or success
     * @throws SaslFailure when authentication fails
     */
    Step evaluate(byte[] response) throws SaslFailure;

    /**
     * @return whether the next {@link #evaluate} may block or take long (account store, KDF), so that it must
     *     run on the authentication executor; false only for a step that does a few hashes
     */
    default boolean nextStepBlocks() {
        return true;
    }

    /**
     * The next step if it can be taken without blocking (a step that does not block, or what it needs is in
     * memory); else null, and {@link #evaluate} runs on the authentication executor. Either way the step counts once.
     *
     * @throws SaslFailure when authentication fails
     */
    default Step evaluateWithoutBlocking(byte[] response) throws SaslFailure {
        return nextStepBlocks() ? null : evaluate(response);
    }

    /** @return the authenticated username (normalized localpart) once done */
    String username();
}
