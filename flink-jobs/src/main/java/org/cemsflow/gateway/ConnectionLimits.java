package org.cemsflow.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections a gateway holds: in total, and per remote address (many loggers may share
 * one address behind NAT, so the per-address cap is a guard against a runaway client, not one
 * logger per address). Guarantees that a connection over a cap is closed at once, before it is
 * read, and counted; the counts are exact as connections come and go.
 */
@ChannelHandler.Sharable
public final class ConnectionLimits extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
    private static final String COUNTED = "cemsflow-counted";

    private final int maxTotal;
    private final int maxPerAddress;
    private final GatewayCounters counters;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxTotal, int maxPerAddress, GatewayCounters counters) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String address = address(ctx.channel().remoteAddress());
        int n = total.incrementAndGet();
        int m = perAddress.computeIfAbsent(address, k -> new AtomicInteger()).incrementAndGet();
        ctx.channel().attr(io.netty.util.AttributeKey.<String>valueOf(COUNTED)).set(address);
        if (n > maxTotal || m > maxPerAddress) {
            counters.refused.incrementAndGet();
            LOG.warn(
                    "gateway: refusing {}: {} connections (max {}), {} from its address (max {})",
                    ctx.channel().remoteAddress(),
                    n,
                    maxTotal,
                    m,
                    maxPerAddress);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        String address =
                ctx.channel()
                        .attr(io.netty.util.AttributeKey.<String>valueOf(COUNTED))
                        .getAndSet(null);
        if (address != null) {
            total.decrementAndGet();
            perAddress.computeIfPresent(address, (k, v) -> v.decrementAndGet() == 0 ? null : v);
        }
        super.channelInactive(ctx);
    }

    int open() {
        return total.get();
    }

    private static String address(SocketAddress a) {
        return a instanceof InetSocketAddress i
                ? i.getAddress().getHostAddress()
                : String.valueOf(a);
    }
}
