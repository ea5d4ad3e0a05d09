package dev.faasport.local;

import dev.faasport.runtime.local.Wire;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Netty 4.1 front for benchmarks/local-provider/run.sh, started by {@link JettyFront} beside the Jetty one: the same
 * {@code /fn/<function>/<rest>} calls of the same {@link Gateway#invoke}. The call blocks its event loop, so the
 * group has one loop per connection (-Dbench.netty.loops, default 512: every connection of a run up to that many gets
 * a loop of its own): the closest Netty comes to HttpFront's thread per connection. Netty's usual way for blocking
 * handlers, an executor group, adds the hand-off between threads that HttpFront was written to avoid.
 */
final class NettyFront {

    private NettyFront() {
    }

    /** Binds 127.0.0.1:{@code port} (0: any) and serves; @return the bound port. */
    static int start(Gateway gateway, String host, int port) throws InterruptedException {
        NioEventLoopGroup boss = new NioEventLoopGroup(1);
        NioEventLoopGroup loops = new NioEventLoopGroup(Integer.getInteger("bench.netty.loops", 512));
        ServerBootstrap b = new ServerBootstrap().group(boss, loops).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(Gateway.MAX_BODY),
                                new Calls(gateway, host));
                    }
                });
        var channel = b.bind(InetAddress.getLoopbackAddress(), port).sync().channel();
        return ((java.net.InetSocketAddress) channel.localAddress()).getPort();
    }

    /** {@code /fn/<function>/<rest>} as {@code HttpFront.function}: the aggregated request, a worker call, one write. */
    static final class Calls extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Gateway gateway;
        private final String host;

        Calls(Gateway gateway, String host) {
            this.gateway = gateway;
            this.host = host;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String uri = request.uri();
            int q = uri.indexOf('?');
            String rawPath = q < 0 ? uri : uri.substring(0, q);
            String rawQuery = q < 0 ? "" : uri.substring(q + 1);
            boolean keep = HttpUtil.isKeepAlive(request);
            FullHttpResponse response;
            if (!rawPath.startsWith("/fn/")) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            } else {
                String path = QueryStringDecoder.decodeComponent(rawPath);
                int slash = rawPath.indexOf('/', 4);
                String name = slash < 0 ? rawPath.substring(4) : rawPath.substring(4, slash);
                String rest = slash < 0 || path.indexOf('/', 4) < 0 ? "/" : path.substring(path.indexOf('/', 4));
                HttpHeaders in = request.headers();
                List<String> headers = new ArrayList<>(in.size() * 2);
                for (Map.Entry<String, String> e : in) {
                    String n = e.getKey().toLowerCase(Locale.ROOT);
                    headers.add(n);
                    headers.add(n.equals("host") ? host : e.getValue());
                }
                byte[] body = ByteBufUtil.getBytes(request.content());
                Wire.Response r = gateway.invoke(name, request.method().name(), rest, rawQuery, headers, body);
                boolean noBody = r.status() == 204 || r.status() == 304 || r.status() < 200;
                boolean head = "HEAD".equals(request.method().name());
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                        noBody || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
                HttpHeaders out = response.headers();
                out.set(HttpHeaderNames.DATE, HttpFront.HttpDate.now());
                List<String> h = r.headers();
                for (int i = 0; i + 1 < h.size(); i += 2) {
                    String n = h.get(i);
                    if (!n.equalsIgnoreCase("content-length") && !n.equalsIgnoreCase("transfer-encoding")
                            && !n.equalsIgnoreCase("connection")) {
                        out.add(n, h.get(i + 1));
                    }
                }
                if (!noBody) {
                    out.set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
                }
            }
            if (!keep) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(response);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
