package im.confab.admin.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One output stream of a confabctl command, cut into protocol frames {@code "<type> <line>\n"} (see
 * {@link ControlChannel}). The streams of one request share a lock so their frames never interleave mid-line.
 */
final class FramedStream extends OutputStream {
    /** A longer line is cut into several frames, so a command cannot make us buffer without bound. */
    static final int MAX_LINE = 16 * 1024;

    private final OutputStream sink;
    private final char type;
    private final Object lock;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    FramedStream(OutputStream sink, char type, Object lock) {
        this.sink = sink;
        this.type = type;
        this.lock = lock;
    }

    @Override
    public void write(int b) throws IOException {
        synchronized (lock) {
            if (b == '\n') {
                emit();
                return;
            }
            if (line.size() >= MAX_LINE && (b & 0xC0) != 0x80) {
                emit(); // cut before a character starts, never inside a UTF-8 sequence
            }
            line.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        synchronized (lock) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }

    /** Sends what is buffered only at a line end: PrintStream flushes often and would cut lines otherwise. */
    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            sink.flush();
        }
    }

    /** Sends an unfinished last line as a frame of its own. */
    void finish() throws IOException {
        synchronized (lock) {
            if (line.size() > 0) {
                emit();
            }
            sink.flush();
        }
    }

    private void emit() throws IOException {
        sink.write(type);
        sink.write(' ');
        line.writeTo(sink);
        sink.write('\n');
        line.reset();
        sink.flush();
    }
}
