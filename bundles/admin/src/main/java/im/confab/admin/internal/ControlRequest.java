package im.confab.admin.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/** One confabctl connection: read the command line, run it in a fresh Gogo session, send framed output. */
final class ControlRequest implements Runnable {
    static final int MAX_REQUEST = 64 * 1024;
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_REQUEST = 2;

    private static final System.Logger LOG = System.getLogger(ControlRequest.class.getName());

    private final SocketChannel client;
    private final CommandProcessor processor;
    private final Future<?> deadline;
    private final Runnable done;

    ControlRequest(SocketChannel client, CommandProcessor processor, Future<?> deadline, Runnable done) {
        this.client = client;
        this.processor = processor;
        this.deadline = deadline;
        this.done = done;
    }

    @Override
    public void run() {
        try (client) {
            String line = readLine(new BufferedInputStream(Channels.newInputStream(client)));
            deadline.cancel(false);
            OutputStream sink = new BufferedOutputStream(Channels.newOutputStream(client));
            Object lock = new Object();
            FramedStream out = new FramedStream(sink, 'O', lock);
            FramedStream err = new FramedStream(sink, 'E', lock);
            PrintStream outPrint = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream errPrint = new PrintStream(err, true, StandardCharsets.UTF_8);
            int status;
            if (line == null || line.isBlank()) {
                errPrint.println("confabctl: expected one command line of at most " + MAX_REQUEST + " bytes");
                status = BAD_REQUEST;
            } else {
                status = execute(line, outPrint, errPrint);
            }
            outPrint.flush();
            errPrint.flush();
            out.finish();
            err.finish();
            synchronized (lock) {
                sink.write(("S " + status + "\n").getBytes(StandardCharsets.UTF_8));
                sink.flush();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "confabctl client gone: " + e.getMessage());
        } finally {
            deadline.cancel(false);
            done.run();
        }
    }

    /** Runs the line like the Gogo shell does: a non-null result is printed formatted, an exception fails. */
    private int execute(String line, PrintStream out, PrintStream err) {
        CommandSession session = processor.createSession(InputStream.nullInputStream(), out, err);
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return OK;
        } catch (Exception e) {
            err.println(e.getMessage() != null ? e.getMessage() : e.toString());
            return FAILED;
        } finally {
            session.close();
        }
    }

    /** The request line without its LF, or null if the client closed early or sent too much. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String line = buf.toString(StandardCharsets.UTF_8);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            if (buf.size() >= MAX_REQUEST) {
                return null;
            }
            buf.write(b);
        }
        return null;
    }
}
