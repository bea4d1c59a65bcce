package im.confab.c2s.internal;

/**
 * The array a connection copies a read from a direct (off-heap) buffer into for the parser. One per event loop
 * instead of one per connection: an 8 KB array per connection was half of the heap an idle session held
 * (docs/performance.md, Tsung section). Sharing is safe because a loop reads one connection at a time and the
 * parser consumes its input before {@code feed} returns; a nested read, which should not happen, gets its own
 * array rather than overwriting the one in use. Touched by the owning event loop only.
 */
final class ReadScratch {
    static final int INITIAL_SIZE = 8192;
    private byte[] bytes = new byte[INITIAL_SIZE];
    private boolean inUse;

    /** @return an array of at least {@code n} bytes, to be handed back with {@link #release} */
    byte[] acquire(int n) {
        if (inUse) {
            return new byte[n];
        }
        inUse = true;
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        return bytes;
    }

    void release(byte[] b) {
        if (b == bytes) {
            inUse = false;
        }
    }
}
