package im.confab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The confabctl client against a stand-in server speaking the protocol of the admin bundle's ControlChannel. */
class CtlTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int call(Path socket, String line) {
        return Ctl.call(socket, line, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), true);
    }

    private static Thread serveOnce(ServerSocketChannel server, String reply, AtomicReference<String> request) {
        Thread t = new Thread(() -> {
            try (SocketChannel c = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
                request.set(in.readLine());
                c.write(StandardCharsets.UTF_8.encode(reply));
            } catch (IOException e) {
                request.set("server failed: " + e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void copiesFramesAndReturnsTheStatus(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            AtomicReference<String> request = new AtomicReference<>();
            Thread t = serveOnce(server, "O line one\nE a warning\nO \nO \u001B[31;1mü\u001B[0mnï\nS 1\nO ignored after status\n", request);
            assertEquals(1, call(socket, "confab:feature-install im"));
            t.join();
            assertEquals("confab:feature-install im", request.get());
            assertEquals("line one\n\nünï\n", out.toString(StandardCharsets.UTF_8));
            assertEquals("a warning\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aConnectionClosedWithoutStatusIsAnError(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread t = serveOnce(server, "O partial\n", new AtomicReference<>());
            assertEquals(2, call(socket, "lb"));
            t.join();
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("closed the connection"));
        }
    }

    @Test
    void noServerMeansNotRunning(@TempDir Path dir) {
        assertEquals(2, call(dir.resolve("absent.sock"), "lb"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Confab is not running"), err.toString());
    }

    @Test
    void aStaleSocketFileMeansNotRunning(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("stale.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        server.close(); // the file stays, nobody listens
        assertEquals(2, call(socket, "lb"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Confab is not running"), err.toString());
    }

    @Test
    void usageAndBadArguments() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, Ctl.run(new String[0], o, e));
        assertEquals(0, Ctl.run(new String[] {"--help"}, o, e));
        assertEquals(2, Ctl.run(new String[] {"echo", "a\nb"}, o, e));
    }
}
