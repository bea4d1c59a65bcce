package im.confab.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

/** Native epoll when it loads, NIO when it does not or when configured off. */
class TransportTest {
    @Test
    void configuredOffIsNio() {
        Transport t = Transport.choose(false);
        assertSame(Transport.NIO, t);
        assertEquals(NioServerSocketChannel.class, t.serverChannel());
        EventLoopGroup g = t.group(1, new DefaultThreadFactory("transport-test", true));
        try {
            assertEquals(NioEventLoopGroup.class, g.getClass());
        } finally {
            g.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    @Test
    void epollWhenTheNativeLibraryLoadsHere() {
        Transport t = Transport.choose(true);
        assertEquals(Epoll.isAvailable(), t.nativeEpoll()); // the test class path may or may not have the fragment
        assertEquals(t.nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                t.serverChannel());
    }
}
