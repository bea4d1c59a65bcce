package im.confab.c2s.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The Netty transport of the listeners ({@code transport} in xmpp.c2s): native epoll, io_uring, or the JDK's NIO.
 * The native ones come as bundles of their own (netty-transport-classes-epoll / -io_uring and their linux-x86_64
 * fragments); their packages are optional imports (bnd.bnd), and each is named only inside its own nested class,
 * so that this class loads and falls back to NIO where a native bundle is missing or its library does not load.
 *
 * <p>Epoll reads and writes the pooled direct buffers with its own system calls and wakes a loop through an
 * eventfd, where NIO goes through the JDK selector, its key sets and its wake-up lock.
 */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerSocketChannel> serverChannel) {
    private static final System.Logger LOG = System.getLogger(Transport.class.getName());

    /** The values of {@code transport}; {@code auto} tries the native ones in this order. */
    static final List<String> NAMES = List.of("auto", "epoll", "io_uring", "nio");

    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    /** @return the configured name, checked and in lower case; an unknown one fails with the key named */
    static String checkName(String configured) {
        String n = configured.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("xmpp.c2s: transport must be one of " + NAMES + ", is '"
                    + configured + "'");
        }
        return n;
    }

    /**
     * @param name a value of {@link #NAMES}; a native transport asked for by name that cannot load here is
     *             logged as a warning and replaced by NIO, so that clients can still connect
     */
    static Transport choose(String name) {
        return switch (name) {
            case "nio" -> nio();
            case "epoll" -> orNio(name, Transport::epoll, Level.WARNING);
            case "io_uring" -> orNio(name, Transport::ioUring, Level.WARNING);
            default -> orNio("epoll", Transport::epoll, Level.INFO);
        };
    }

    private static Transport orNio(String name, Supplier<Transport> nativeOne, Level level) {
        String why;
        try {
            return nativeOne.get();
        } catch (UnavailableHere e) {
            why = e.getMessage();
        } catch (LinkageError noBundle) { // its bundle is not installed: the optional import is not wired
            why = "its bundle is not installed (" + noBundle + ")";
        }
        LOG.log(level, "xmpp.c2s: transport {0} not available here, using nio: {1}", name, why);
        return nio();
    }

    private static Transport epoll() {
        return EpollTransport.make();
    }

    private static Transport ioUring() {
        return IoUringTransport.make();
    }

    EventLoopGroup group(int threads, ThreadFactory factory) {
        return new MultiThreadIoEventLoopGroup(threads, factory, ioHandlers);
    }

    /** Names epoll's classes: loaded on first use, i.e. only when chosen. */
    private static final class EpollTransport {
        static Transport make() {
            if (!Epoll.isAvailable()) {
                throw new UnavailableHere(String.valueOf(Epoll.unavailabilityCause()));
            }
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
    }

    /** Names io_uring's classes: loaded on first use, i.e. only when chosen. */
    private static final class IoUringTransport {
        static Transport make() {
            if (!IoUring.isAvailable()) {
                throw new UnavailableHere(String.valueOf(IoUring.unavailabilityCause()));
            }
            return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
        }
    }

    private static final class UnavailableHere extends RuntimeException {
        UnavailableHere(String why) {
            super(why, null, false, false);
        }
    }
}
