package im.confab.bench;

import im.confab.api.session.ClientConnection;
import im.confab.api.session.ConnectionInfo;
import im.confab.api.stanza.Stanza;
import im.confab.api.stanza.StreamError;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A client connection without a socket: it counts what the session manager delivers (from whichever thread
 * delivers it) and wakes a benchmark thread waiting for a count. Keeps the last stanza for checks. One that
 * serialises also turns each stanza into its text first, as c2s does before its write.
 */
final class CountingConnection implements ClientConnection {
    private final AtomicLong delivered = new AtomicLong();
    private final boolean serialise;
    /** The serialised lengths, summed (racily: only so that the text is used). */
    long chars;
    private volatile long target = Long.MAX_VALUE;
    private volatile Thread waiter;
    volatile Stanza last;
    volatile StreamError.Condition closedWith;

    CountingConnection() {
        this(false);
    }

    /** @param serialise whether each delivered stanza is serialised ({@code toXml}) as c2s would */
    CountingConnection(boolean serialise) {
        this.serialise = serialise;
    }

    @Override
    public void deliver(Stanza stanza) {
        if (serialise) {
            chars += stanza.toXml().length();
        }
        last = stanza;
        if (delivered.incrementAndGet() >= target) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    long count() {
        return delivered.get();
    }

    /** Waits until {@code n} stanzas in all were delivered; fails after {@code timeoutMillis}. */
    void awaitCount(long n, long timeoutMillis) {
        if (delivered.get() >= n) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        waiter = Thread.currentThread();
        target = n;
        try {
            while (delivered.get() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + delivered.get() + " of " + n + " stanzas delivered");
                }
                LockSupport.parkNanos(this, 1_000_000); // unparked by deliver(); the timeout only guards a lost wake-up
            }
        } finally {
            target = Long.MAX_VALUE;
            waiter = null;
        }
    }

    @Override
    public void close(StreamError.Condition condition, String text) {
        closedWith = condition;
    }

    @Override
    public ConnectionInfo info() {
        return new ConnectionInfo("bench", "127.0.0.1:5222", "TLSv1.3", Instant.EPOCH);
    }

    @Override
    public long idleMillis() {
        return 0;
    }
}
