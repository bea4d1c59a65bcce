package im.confab.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Each transport name gives its transport where it loads (the test class path has both native libraries). */
class TransportTest {
    @Test
    void theDistributionsNativeEpollLoadsOnLinuxX86_64() {
        if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertTrue(Epoll.isAvailable(), () -> "epoll: " + Epoll.unavailabilityCause());
            assertEquals("epoll", Transport.choose("auto").name());
        }
    }

    @Test
    void autoIsEpollWhereItLoadsElseNio() {
        Transport t = Transport.choose(Transport.checkName("auto"));
        assertEquals(Epoll.isAvailable() ? "epoll" : "nio", t.name());
        assertEquals(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                t.serverChannel());
    }

    @Test
    void nioIsNio() {
        Transport t = Transport.choose(Transport.checkName(" NIO "));
        assertEquals("nio", t.name());
        assertEquals(NioServerSocketChannel.class, t.serverChannel());
        assertEquals(NioIoHandler.newFactory().getClass(), t.ioHandlers().getClass());
    }

    @Test
    void ioUringByNameWhereTheKernelAllowsIt() {
        Transport t = Transport.choose(Transport.checkName("io_uring"));
        assertEquals(IoUring.isAvailable() ? IoUringServerSocketChannel.class : NioServerSocketChannel.class,
                t.serverChannel());
    }

    @Test
    void anUnknownNameFailsNamingTheKeyAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transport.checkName("kqueue"));
        assertTrue(e.getMessage().contains("transport must be one of [auto, epoll, io_uring, nio]"), e.getMessage());
        assertTrue(e.getMessage().contains("'kqueue'"), e.getMessage());
    }

    /** A loopback server on each transport echoes what a NIO client sends. */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "epoll", "io_uring", "nio"})
    void eachTransportCarriesBytesOverLoopback(String name) throws Exception {
        Transport t = Transport.choose(name);
        EventLoopGroup server = t.group(1, new DefaultThreadFactory("transport-test-" + name, true));
        EventLoopGroup client = Transport.nio().group(1, new DefaultThreadFactory("transport-test-client", true));
        try {
            Channel listener = new ServerBootstrap().group(server).channel(t.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    ctx.writeAndFlush(msg.retain());
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            CompletableFuture<String> echoed = new CompletableFuture<>();
            Channel c = new Bootstrap().group(client).channel(NioSocketChannel.class)
                    .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                            echoed.complete(msg.toString(StandardCharsets.UTF_8));
                        }
                    })
                    .connect(listener.localAddress()).sync().channel();
            c.writeAndFlush(Unpooled.copiedBuffer("<presence/>", StandardCharsets.UTF_8));
            assertEquals("<presence/>", echoed.get(10, TimeUnit.SECONDS));
            c.close().sync();
            listener.close().sync();
        } finally {
            server.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
            client.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
