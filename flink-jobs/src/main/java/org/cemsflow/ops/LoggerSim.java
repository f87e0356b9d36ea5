package org.cemsflow.ops;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.cemsflow.config.Cli;
import org.cemsflow.gateway.FrameDecoder;
import org.cemsflow.gateway.FrameFields;
import org.cemsflow.gateway.GatewayCounters;
import org.cemsflow.gateway.Received;
import org.cemsflow.protocol.Hj212Encoder;

/**
 * {@code cemsflow logger-sim}: N simulated data loggers, each on its own TCP connection to a
 * gateway. Each sends minute frames (HJ 212-2017, CN 2051, Flag 5: answer requested) one at a
 * time and waits for the 9014 that names its QN; without it within the timeout (the standard's
 * 10 s) it sends the same frame again, up to the standard's 3 retries. Prints the frames sent, acknowledged, retried and
 * given up, the rate of acknowledged frames and the acknowledgement latency (p50, p99, max).
 */
public final class LoggerSim {
    static final String USAGE = "cemsflow logger-sim [--host H] [--port P] [--loggers N] [--frames F] [--interval-ms I]"
            + " [--timeout-ms T] [--retries R] [--prefix P]";

    private static final java.util.concurrent.atomic.AtomicReference<Throwable> FIRST_ERROR =
            new java.util.concurrent.atomic.AtomicReference<>();

    private LoggerSim() {}

    /** Totals of a run. */
    public record Result(long sent, long acked, long retries, long failed, double seconds, long[] latenciesMicros) {
        public double ackedPerSecond() {
            return acked / seconds;
        }

        public double percentileMs(double p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000.0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "sent %,d, acknowledged %,d, retries %,d, given up %,d in %.1f s: "
                            + "%,.0f acknowledged frames/s, ack latency p50 %.1f ms, p99 %.1f ms, max %.1f ms", sent, acked,
                    retries, failed, seconds, ackedPerSecond(), percentileMs(0.5), percentileMs(0.99), percentileMs(1.0));
        }
    }

    public static void main(String[] args) throws Exception {
        Cli.run("logger-sim", USAGE, args, LoggerSim::run);
    }

    static void run(Cli cli) throws Exception {
        String host = "127.0.0.1";
        int port = 9212;
        int loggers = 10;
        int frames = 60;
        long intervalMs = 0;
        long timeoutMs = 10_000; // the standard's answer timeout
        int retries = 3;
        String prefix = "SIM";
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--host" -> host = cli.value();
                case "--port" -> port = cli.value(Integer::parseInt);
                case "--loggers" -> loggers = cli.value(Integer::parseInt);
                case "--frames" -> frames = cli.value(Integer::parseInt);
                case "--interval-ms" -> intervalMs = cli.value(Long::parseLong);
                case "--timeout-ms" -> timeoutMs = cli.value(Long::parseLong);
                case "--retries" -> retries = cli.value(Integer::parseInt);
                case "--prefix" -> prefix = cli.value();
                default -> throw cli.unknown();
            }
        }
        System.out.println("logger-sim: " + run(host, port, loggers, frames, intervalMs, timeoutMs, retries, prefix));
    }

    /** Runs the loggers until each has sent its frames (or given them up). */
    public static Result run(String host, int port, int loggers, int frames, long intervalMs, long timeoutMs, int retries,
                             String prefix) throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup();
        Totals totals = new Totals(loggers, loggers * frames);
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < loggers; i++) {
                String mn = String.format(Locale.ROOT, "%s%011d", prefix, i);
                Logger logger = new Logger(mn, i, frames, intervalMs, timeoutMs, retries, totals);
                new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new FrameDecoder(16_384, new GatewayCounters()), logger);
                            }
                        }).connect(host, port).addListener(f -> {
                            if (!f.isSuccess()) {
                                totals.failed.addAndGet(frames);
                                totals.done.countDown();
                            }
                        });
            }
            totals.done.await();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        long n = Math.min(totals.latencyCount.get(), totals.latencies.length());
        long[] lat = new long[(int) n];
        for (int i = 0; i < n; i++) {
            lat[i] = totals.latencies.get(i);
        }
        return new Result(totals.sent.get(), totals.acked.get(), totals.retried.get(), totals.failed.get(),
                (System.nanoTime() - t0) / 1e9, lat);
    }

    /** What all loggers of a run count together. */
    private static final class Totals {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLongArray latencies;
        final AtomicLong latencyCount = new AtomicLong();
        final CountDownLatch done;

        Totals(int loggers, int frames) {
            this.latencies = new AtomicLongArray(frames);
            this.done = new CountDownLatch(loggers);
        }
    }

    /** One logger: a frame, its answer (or retries), the next frame. */
    private static final class Logger extends SimpleChannelInboundHandler<Received> {
        private final String mn;
        private final int seed;
        private final int frames;
        private final long intervalMs;
        private final long timeoutMs;
        private final int retries;
        private final Totals totals;
        private int index;
        private int attempt;
        private String qn;
        private byte[] frame;
        private long sentAt;
        private ScheduledFuture<?> timeout;
        private Channel channel;

        Logger(String mn, int seed, int frames, long intervalMs, long timeoutMs, int retries, Totals totals) {
            this.mn = mn;
            this.seed = seed;
            this.frames = frames;
            this.intervalMs = intervalMs;
            this.timeoutMs = timeoutMs;
            this.retries = retries;
            this.totals = totals;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            next();
        }

        private void next() {
            if (index >= frames) {
                channel.close();
                totals.done.countDown();
                return;
            }
            long dataTime = 1_775_000_000_000L + (long) index * 60_000; // minute data from 2026-04-01
            qn = String.format(Locale.ROOT, "%017d", dataTime / 1000 * 1000 + index % 1000);
            frame = (Hj212Encoder.frame(mn).qn(qn).st("31").cn(2051).pw("123456").flag(5).dataTime(dataTime)
                    .group("a21026", "Avg", String.format(Locale.ROOT, "%.2f", 10.0 + (seed + index) % 50), "Flag", "N")
                    .encode() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            attempt = 0;
            send();
        }

        private void send() {
            sentAt = System.nanoTime();
            totals.sent.incrementAndGet();
            channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
            timeout = channel.eventLoop().schedule(this::timedOut, timeoutMs, TimeUnit.MILLISECONDS);
        }

        private void timedOut() {
            if (attempt < retries) {
                attempt++;
                totals.retried.incrementAndGet();
                send();
            } else {
                totals.failed.incrementAndGet();
                index++;
                next();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Received r) {
            FrameFields f = FrameFields.of(r.bytes());
            String text = new String(r.bytes(), StandardCharsets.ISO_8859_1);
            if (!f.crcOk() || !text.contains("CN=9014") || !qn.equals(f.qn())) {
                return; // not the answer to this frame (a late answer to an earlier attempt)
            }
            timeout.cancel(false);
            totals.acked.incrementAndGet();
            long at = totals.latencyCount.getAndIncrement();
            if (at < totals.latencies.length()) {
                totals.latencies.set((int) at, (System.nanoTime() - sentAt) / 1000);
            }
            index++;
            if (intervalMs > 0) {
                ctx.channel().eventLoop().schedule(this::next, intervalMs, TimeUnit.MILLISECONDS);
            } else {
                next();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (index < frames) {
                totals.failed.addAndGet(frames - index);
                index = frames;
                if (timeout != null) {
                    timeout.cancel(false);
                }
                totals.done.countDown();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (FIRST_ERROR.compareAndSet(null, cause)) {
                System.err.println("logger-sim: " + mn + ": " + cause);
            }
            ctx.close();
        }
    }
}
