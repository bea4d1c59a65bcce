package im.confab.c2s.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The write side of one client connection: many stanzas, one buffer, one flush. Writing each stanza with
 * {@code writeAndFlush} from the routing thread cost a Netty task, often a selector wake-up and a write system
 * call per message (docs/performance.md, chat profile).
 * <ul>
 *   <li>On the channel's event loop, text is appended to one pending buffer. Inside a read batch the buffer is
 *       written and flushed once, when the batch ends ({@link #readComplete}); in any case (a task, another
 *       connection of the same loop routing to this one, a read that ends without readComplete) a flush task is
 *       queued on the loop, without a wake-up, and runs after the loop's current round of reads.</li>
 *   <li>From any other thread, text goes on a lock-free inbox. Only the push that finds the inbox empty queues
 *       the drain task on the loop, so a burst to one client costs one task, one wake-up at most and one
 *       flush. Pushed from another event loop, the drain waits for the end of that loop's round and travels
 *       with the others it produced for the same loop ({@link HandOffs}): one task and one wake-up per loop
 *       for a whole broadcast.</li>
 * </ul>
 * Order per connection is the order of the pushes; a write on the loop first drains the inbox, so what another
 * thread handed over before still goes out first. The inbox counts the characters it holds, so a client whose
 * loop cannot keep up is refused like one that does not read ({@link #offer} returns false).
 */
final class Outbound implements Runnable {
    /** Above this a pending buffer is handed to the pipeline and a new one started: bounded buffers. */
    static final int CHUNK = 64 * 1024;
    private static final int MIN_BUFFER = 1024;
    private static final AtomicReferenceFieldUpdater<Outbound, Node> INBOX =
            AtomicReferenceFieldUpdater.newUpdater(Outbound.class, Node.class, "inbox");

    private final Channel channel;
    private final long maxQueuedChars;
    /** Pushed by any thread, newest first; taken whole by the loop. */
    private volatile Node inbox;
    // event loop only
    private ByteBuf pending;
    private boolean flushQueued;
    /** The stream's last words are written ({@link #writeLast}); read off the loop too, by {@link #offer}. */
    private volatile boolean ended;

    Outbound(Channel channel, long maxQueuedChars) {
        this.channel = channel;
        this.maxQueuedChars = maxQueuedChars;
    }

    /** Any thread: queues {@code xml} to be written. @return false if the client is too far behind */
    boolean deliver(String xml) {
        if (channel.eventLoop().inEventLoop()) {
            write(xml);
            return true;
        }
        return offer(xml);
    }

    /** Off the loop: pushes on the inbox, queuing the drain if it was empty. @return false when over the limit */
    boolean offer(String xml) {
        if (ended) {
            return true; // after the closing tag: dropped, like a delivery to a closed channel
        }
        for (;;) {
            Node head = inbox;
            long total = (head == null ? 0 : head.total) + xml.length();
            if (head != null && total > maxQueuedChars) {
                return false;
            }
            if (INBOX.compareAndSet(this, head, new Node(xml, head, total))) {
                if (head == null) {
                    handOff();
                }
                return true;
            }
        }
    }

    /** Queues the drain on the channel's loop: at the end of this loop's round if this is another loop. */
    private void handOff() {
        EventLoop target = channel.eventLoop();
        HandOffs here = HandOffs.current();
        if (here != null && !target.inEventLoop()) {
            here.add(target, this);
            return;
        }
        try {
            target.execute(this);
        } catch (RejectedExecutionException shuttingDown) {
            loopGone();
        }
    }

    /** The channel's loop refused the drain: it is shutting down, and the channel with it. */
    void loopGone() {
        inbox = null;
    }

    /** On the loop: appends {@code xml}; it goes out at the end of the read batch or of the loop's round. */
    void write(String xml) {
        if (ended) {
            return;
        }
        drainInbox();
        append(xml);
        if (!flushQueued) {
            // Inside a read batch, readComplete() flushes first; the task is the backstop for reads that end
            // without one (SslHandler can hand decrypted data over from a handshake task), and then finds
            // nothing left. One task per batch or round, not per stanza; on the loop itself: no wake-up.
            flushQueued = true;
            channel.eventLoop().execute(this);
        }
    }

    /** On the loop: the read batch ended: one write and one flush for all it produced. */
    void readComplete() {
        flush();
    }

    /** The drain and flush task, on the loop. */
    @Override
    public void run() {
        flushQueued = false;
        flush();
    }

    /** On the loop: writes and flushes everything pending now (before STARTTLS, for instance). */
    void flush() {
        if (!channel.isActive() || ended) {
            discard();
            return;
        }
        drainInbox();
        ByteBuf b = pending;
        if (b != null) {
            pending = null;
            channel.writeAndFlush(b, channel.voidPromise());
        }
    }

    /** On the loop: writes everything pending, then {@code last}, and closes once that is flushed. */
    void writeAndClose(String last) {
        writeLast(last).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * On the loop: writes and flushes everything pending, then {@code last} (the closing tag); whatever is
     * handed over after it is dropped, since nothing may follow the end of the stream. The channel stays open.
     */
    ChannelFuture writeLast(String last) {
        drainInbox();
        append(last);
        ended = true;
        ByteBuf b = pending;
        pending = null;
        return channel.writeAndFlush(b);
    }

    /** On the loop, when the channel is gone: drops what was not written. */
    void discard() {
        inbox = null;
        ByteBuf b = pending;
        pending = null;
        if (b != null) {
            b.release();
        }
    }

    private void drainInbox() {
        Node n = inbox == null ? null : INBOX.getAndSet(this, null);
        if (n == null) {
            return;
        }
        Node reversed = null; // the inbox is newest first
        while (n != null) {
            Node next = n.next;
            n.next = reversed;
            reversed = n;
            n = next;
        }
        for (Node r = reversed; r != null; r = r.next) {
            append(r.xml);
        }
    }

    private void append(String xml) {
        int max = ByteBufUtil.utf8MaxBytes(xml);
        ByteBuf b = pending;
        if (b != null && b.readableBytes() + max > CHUNK && b.isReadable()) {
            pending = null; // before the write: nothing the write may run (a task, a handler) sees it again
            channel.write(b, channel.voidPromise()); // a long backlog: hand over a chunk, flush later
            b = null;
        }
        if (b == null) {
            b = channel.alloc().ioBuffer(Math.max(MIN_BUFFER, max));
            pending = b;
        }
        ByteBufUtil.reserveAndWriteUtf8(b, xml, max);
    }

    /** One stanza's text on the inbox; {@code total} counts it and all below it. */
    private static final class Node {
        final String xml;
        final long total;
        Node next;

        Node(String xml, Node next, long total) {
            this.xml = xml;
            this.next = next;
            this.total = total;
        }
    }
}
