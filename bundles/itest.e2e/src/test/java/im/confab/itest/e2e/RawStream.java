package im.confab.itest.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A bare TCP (or TLS) client for what no well-behaved client library will send. */
final class RawStream implements AutoCloseable {
    static final String HEADER = "<?xml version='1.0'?><stream:stream to='localhost' version='1.0' "
            + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder received = new StringBuilder();

    RawStream(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    RawStream send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads until the text received so far contains {@code expected}; fails on timeout or end of stream. */
    String readUntil(String expected, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[8192];
        while (received.indexOf(expected) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("did not receive '" + expected + "'; got: " + received);
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                throw new AssertionError("stream ended before '" + expected + "'; got: " + received);
            }
            received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return received.toString();
    }

    /** Reads until the server closes the connection; returns everything received. */
    String readToEnd(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[8192];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout(200);
            try {
                int n = in.read(buf);
                if (n < 0) {
                    return received.toString();
                }
                received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                return received.toString(); // reset by peer counts as closed
            }
        }
        throw new AssertionError("connection not closed within " + timeout + "; got: " + received);
    }

    /** @return true if the server neither sent anything nor closed the connection for {@code time} */
    boolean staysOpen(Duration time) throws IOException {
        socket.setSoTimeout((int) time.toMillis());
        try {
            int n = in.read();
            if (n >= 0) {
                received.append((char) n);
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
