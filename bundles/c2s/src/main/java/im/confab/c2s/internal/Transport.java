package im.confab.c2s.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.lang.System.Logger.Level;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport of the listeners: native epoll when its bundle and native fragment are installed and load
 * on this machine, else NIO. Epoll reads and writes the pooled direct buffers itself and wakes a loop through an
 * eventfd, where NIO goes through the JDK selector and its locks. The epoll package is an optional import
 * (bnd.bnd) and is touched only inside {@link Native}, so without its bundle this class still loads.
 */
record Transport(String name, boolean nativeEpoll) {
    private static final System.Logger LOG = System.getLogger(Transport.class.getName());
    static final Transport NIO = new Transport("nio", false);

    /** @param allowNative false forces NIO ({@code native.transport = false}) */
    static Transport choose(boolean allowNative) {
        if (!allowNative) {
            return NIO;
        }
        try {
            String whyNot = Native.unavailable();
            if (whyNot == null) {
                return new Transport("epoll", true);
            }
            LOG.log(Level.INFO, "c2s: native epoll not available ({0}), using NIO", whyNot);
        } catch (LinkageError noEpollBundle) {
            LOG.log(Level.INFO, "c2s: native epoll transport not installed, using NIO");
        }
        return NIO;
    }

    EventLoopGroup group(int threads, ThreadFactory factory) {
        return nativeEpoll ? Native.group(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    Class<? extends ServerSocketChannel> serverChannel() {
        return nativeEpoll ? Native.serverChannel() : NioServerSocketChannel.class;
    }

    /** The only code that names epoll classes: loaded on first use, i.e. only when the bundle is there. */
    private static final class Native {
        static String unavailable() {
            return Epoll.isAvailable() ? null : String.valueOf(Epoll.unavailabilityCause());
        }

        static EventLoopGroup group(int threads, ThreadFactory factory) {
            return new EpollEventLoopGroup(threads, factory);
        }

        static Class<? extends ServerSocketChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }
    }
}
