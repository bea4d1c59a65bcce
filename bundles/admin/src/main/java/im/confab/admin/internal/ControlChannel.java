package im.confab.admin.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The confabctl channel: {@code bin/confabctl CMD ARGS...} runs one Gogo command in the running server.
 *
 * <p>It listens on the Unix domain socket {@code <confab.data>/run/confabctl.sock}. The {@code run} directory
 * is mode 0700 and the socket 0600, so only the server's own user can connect; that is the whole access control,
 * which is why there is no TCP variant.
 *
 * <p>Protocol, UTF-8 text with LF line ends, one command per connection:
 * <pre>
 *   request   one line: a Gogo command line (the client joins its arguments with spaces, as ssh does),
 *             at most 64 KiB, sent within 10 s of connecting
 *   response  frames, one per line, each a type character, a space and a payload:
 *               O text   a line the command wrote to its standard output (or its printed result)
 *               E text   a line it wrote to standard error (or the message of the exception it threw)
 *               S n      last frame: the exit status, 0 success, 1 the command threw, 2 bad request or busy
 *             after which the server closes the connection.
 * </pre>
 * An unfinished last output line is sent as a whole line, and a line longer than 16 KiB comes in several frames;
 * otherwise the output arrives unchanged. A server too busy to take the request may answer and close without
 * reading it. Any client can speak the protocol, e.g. a socat or {@code nc -U} one-liner.
 */
@Component
public final class ControlChannel {
    static final String SOCKET_DIR = "run";
    static final String SOCKET_FILE = "confabctl.sock";
    static final int MAX_CONCURRENT = 4;
    static final int MAX_QUEUED = 8;
    static final long REQUEST_TIMEOUT_SECONDS = 10;
    static final long GRACE_SECONDS = 2;

    private static final System.Logger LOG = System.getLogger(ControlChannel.class.getName());

    private final Path socket;
    private final ServerSocketChannel server;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService deadlines;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final CommandProcessor processor;

    @Activate
    public ControlChannel(BundleContext context, @Reference CommandProcessor processor) throws IOException {
        this.processor = processor;
        Path dir = Locations.of(context).data().resolve(SOCKET_DIR);
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // also if it existed
        this.socket = dir.resolve(SOCKET_FILE);
        removeStaleSocket(socket);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        this.server = ch;
        this.workers = new ThreadPoolExecutor(MAX_CONCURRENT, MAX_CONCURRENT, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED), daemonThreads("confabctl-worker-"));
        workers.allowCoreThreadTimeOut(true);
        this.deadlines = Executors.newSingleThreadScheduledExecutor(daemonThreads("confabctl-deadline-"));
        this.acceptor = new Thread(this::acceptLoop, "confabctl-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.log(Level.INFO, "confabctl listening on " + socket);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        close(server);
        acceptor.join(TimeUnit.SECONDS.toMillis(5));
        // Let running commands finish briefly (`confabctl stop 0` should still get its status), then cut them off.
        workers.shutdown();
        if (!workers.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
            for (SocketChannel c : clients) {
                close(c);
            }
            workers.shutdownNow();
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "confabctl commands still running after " + (GRACE_SECONDS + 5) + " s");
            }
        }
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + socket + ": " + e.getMessage());
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return; // deactivated
            } catch (IOException e) {
                LOG.log(Level.WARNING, "confabctl accept failed: " + e.getMessage());
                pause();
                continue;
            }
            clients.add(client);
            // A client that connects and says nothing must not hold a worker for ever.
            ScheduledFuture<?> deadline = deadlines.schedule(() -> close(client), REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            try {
                workers.execute(new ControlRequest(client, processor, deadline, () -> clients.remove(client)));
            } catch (RejectedExecutionException e) {
                deadline.cancel(false);
                refuse(client);
            }
        }
    }

    private void refuse(SocketChannel client) {
        try (client) {
            String reply = "E confabctl: the server is busy (" + MAX_CONCURRENT + " commands running), try again\nS 2\n";
            client.write(StandardCharsets.UTF_8.encode(reply));
        } catch (IOException e) {
            // the client went away; nothing to tell
        } finally {
            clients.remove(client);
        }
    }

    /** A socket file left by a server that died is removed; one that still answers means a second server. */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            throw new IllegalStateException("another Confab server is listening on " + socket);
        } catch (IOException dead) {
            Files.deleteIfExists(socket);
        }
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
