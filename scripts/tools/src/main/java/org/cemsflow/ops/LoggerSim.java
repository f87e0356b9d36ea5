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
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.cemsflow.config.Commands;
import org.cemsflow.gateway.FrameDecoder;
import org.cemsflow.gateway.FrameFields;
import org.cemsflow.gateway.GatewayCounters;
import org.cemsflow.gateway.Received;
import org.cemsflow.ingestion.FrameGate;
import org.cemsflow.local.LocalIngest;
import org.cemsflow.model.Lines;
import org.cemsflow.protocol.DeviceKeys;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Sm4Frames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cemsflow logger-sim}: simulated data loggers, each on its own TCP connection to a gateway.
 * A logger sends its frames one at a time; a frame whose Flag asks for an answer waits for the 9014
 * (9013 for a heartbeat or another notification) that names its QN, and without it within the timeout (the standard's 10 s) is sent again, up to
 * the standard's 3 retries, then given up. The frames are generated (minute data, HJ 212-2017 or
 * 2025, SM4-encrypted for the MNs of a keys file) or read from files (one logger per MN, its frames
 * in file order). A logger honours "set the time" (CN 1012): its clock takes the SystemTime, and it
 * answers 9011 and 9012 where asked. Prints the frames sent, acknowledged, retried and given up, the
 * time calibrations received, the rate and the acknowledgement latency (p50, p99, max); with
 * {@code --acked-out} writes every acknowledged frame (its {@link #digest}), for
 * {@code topic-check --kind raw}.
 */
public final class LoggerSim {
    private static final DateTimeFormatter QN = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final DateTimeFormatter SYSTEM_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final long HOUR_MS = 3_600_000;

    private static final java.util.concurrent.atomic.AtomicReference<Throwable> FIRST_ERROR =
            new java.util.concurrent.atomic.AtomicReference<>();

    private LoggerSim() {}

    /**
     * What the loggers send.
     *
     * @param files frames from these files, one logger per MN (then loggers, frames and prefix do not apply)
     * @param version 2017 or 2025 (generated frames)
     * @param keys SM4 keys: a generated frame of an MN with a key is sent encrypted (raw cipher bytes)
     * @param clockSkew generated frames are real-time uploads stamped with the logger's clock, which
     *                  starts this far off (null: minute data of a fixed series from 2026-04-01)
     * @param requestAck file frames: set the answer bit of the Flag (and give a QN to those without)
     * @param ackedOut where to write the acknowledged frames, or null
     * @param inTimeOrder no logger sends data more than an hour (of DataTime) ahead of the one furthest
     *                    behind: a back-fill through the gateway then arrives about in DataTime order
     */
    public record Options(
            String host,
            int port,
            int loggers,
            int frames,
            long intervalMs,
            long timeoutMs,
            int retries,
            String prefix,
            int version,
            DeviceKeys keys,
            Duration clockSkew,
            List<Path> files,
            boolean requestAck,
            Path ackedOut,
            boolean inTimeOrder) {}

    /** Totals of a run. */
    public record Result(
            long sent,
            long acked,
            long retries,
            long failed,
            long calibrations,
            double seconds,
            long[] latenciesMicros) {
        public double ackedPerSecond() {
            return acked / seconds;
        }

        public double percentileMs(double p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
                    / 1000.0;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "sent %,d, acknowledged %,d, retries %,d, given up %,d, time calibrations %,d"
                            + " in %.1f s: %,.0f acknowledged frames/s, ack latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    sent,
                    acked,
                    retries,
                    failed,
                    calibrations,
                    seconds,
                    ackedPerSecond(),
                    percentileMs(0.5),
                    percentileMs(0.99),
                    percentileMs(1.0));
        }
    }

    /** {@code cemsflow logger-sim}. */
    @Command(
            name = "logger-sim",
            description = "Simulated data loggers, each on its own TCP connection to a gateway.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Option(
                names = "--host",
                paramLabel = "H",
                description = "the gateway's host (default: 127.0.0.1)")
        String host = "127.0.0.1";

        @Option(
                names = "--port",
                paramLabel = "P",
                description = "the gateway's port (default: 9212)")
        int port = 9212;

        @Option(
                names = "--loggers",
                paramLabel = "N",
                description = "generated: loggers (default: 10)")
        int loggers = 10;

        @Option(
                names = "--frames",
                paramLabel = "F",
                description = "generated: frames per logger (default: 60)")
        int frames = 60;

        @Option(
                names = "--interval-ms",
                paramLabel = "I",
                description = "pause between a logger's frames (default: 0)")
        long intervalMs;

        @Option(
                names = "--timeout-ms",
                paramLabel = "T",
                description = "answer timeout (default: the standard's 10 s)")
        long timeoutMs = 10_000;

        @Option(
                names = "--retries",
                paramLabel = "R",
                description = "retries before giving up (default: the standard's 3)")
        int retries = 3;

        @Option(
                names = "--prefix",
                paramLabel = "P",
                description = "generated: MN prefix (default: SIM)")
        String prefix = "SIM";

        @Option(
                names = "--version",
                paramLabel = "2017|2025",
                description = "generated: protocol version (default: 2017)")
        int version = 2017;

        @Option(
                names = "--keys",
                paramLabel = "FILE",
                description = "SM4 keys per MN: those MNs send encrypted")
        Path keys;

        @Option(
                names = "--clock-skew",
                paramLabel = "DURATION",
                description = "generated: real-time data by a clock this far off")
        Duration skew;

        @Option(
                names = "--files",
                paramLabel = "FILE",
                arity = "1..*",
                description = "send the frames of these files")
        List<Path> files = new ArrayList<>();

        @Option(names = "--request-ack", description = "files: ask for an answer to every frame")
        boolean requestAck;

        @Option(
                names = "--in-time-order",
                description = "files: keep loggers within an hour of DataTime of each other")
        boolean inTimeOrder;

        @Option(
                names = "--acked-out",
                paramLabel = "FILE",
                description = "write the digest of every acknowledged frame")
        Path ackedOut;

        @Override
        public Integer call() throws Exception {
            if (version != 2017 && version != 2025) {
                throw new Commands.UsageError("--version " + version + " is not 2017 or 2025");
            }
            System.out.println(
                    "logger-sim: "
                            + run(
                                    new Options(
                                            host,
                                            port,
                                            loggers,
                                            frames,
                                            intervalMs,
                                            timeoutMs,
                                            retries,
                                            prefix,
                                            version,
                                            keys == null ? null : DeviceKeys.of(keys),
                                            skew,
                                            files,
                                            requestAck,
                                            ackedOut,
                                            inTimeOrder)));
            return Commands.OK;
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }

    /** Generated minute frames, HJ 212-2017, acknowledgement requested. */
    public static Result run(
            String host,
            int port,
            int loggers,
            int frames,
            long intervalMs,
            long timeoutMs,
            int retries,
            String prefix)
            throws Exception {
        return run(
                new Options(
                        host,
                        port,
                        loggers,
                        frames,
                        intervalMs,
                        timeoutMs,
                        retries,
                        prefix,
                        2017,
                        null,
                        null,
                        List.of(),
                        false,
                        null,
                        false));
    }

    /** Runs the loggers until each has sent its frames (or given them up). */
    public static Result run(Options o) throws Exception {
        List<Script> scripts = o.files().isEmpty() ? generated(o) : fromFiles(o.files());
        int total = scripts.stream().mapToInt(Script::size).sum();
        EventLoopGroup group = new NioEventLoopGroup();
        Totals totals =
                new Totals(
                        scripts.size(),
                        total,
                        o.ackedOut() == null
                                ? null
                                : Files.newBufferedWriter(o.ackedOut(), StandardCharsets.US_ASCII),
                        o.inTimeOrder() ? new TimeGate(HOUR_MS) : null);
        long t0 = System.nanoTime();
        try {
            List<Logger> all = new ArrayList<>();
            for (Script script : scripts) {
                all.add(new Logger(script, o, totals));
            }
            for (Logger logger : all) {
                Script script = logger.script;
                new Bootstrap()
                        .group(group)
                        .channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline()
                                                .addLast(
                                                        new FrameDecoder(
                                                                16_384, new GatewayCounters()),
                                                        logger);
                                    }
                                })
                        .connect(o.host(), o.port())
                        .addListener(
                                f -> {
                                    if (!f.isSuccess()) {
                                        totals.failed.addAndGet(script.size());
                                        totals.done.countDown();
                                    }
                                });
            }
            totals.done.await();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            if (totals.ackedOut != null) {
                totals.ackedOut.close();
            }
        }
        long n = Math.min(totals.latencyCount.get(), totals.latencies.length());
        long[] lat = new long[(int) n];
        for (int i = 0; i < n; i++) {
            lat[i] = totals.latencies.get(i);
        }
        return new Result(
                totals.sent.get(),
                totals.acked.get(),
                totals.retried.get(),
                totals.failed.get(),
                totals.calibrations.get(),
                (System.nanoTime() - t0) / 1e9,
                lat);
    }

    /** What one logger sends: its MN and its frames, each made when it is its turn (the logger's clock may have moved). */
    interface Script {
        String mn();

        int size();

        /** The i-th frame's text (without CR LF), given the logger's clock (epoch ms). */
        String frame(int i, long clock);
    }

    static List<Script> generated(Options o) {
        List<Script> out = new ArrayList<>();
        for (int i = 0; i < o.loggers(); i++) {
            // HJ 212-2025 MNs are 24 hex characters; 2017 ones are free text of up to 24
            String mn =
                    o.version() == 2025
                            ? String.format(
                                    Locale.ROOT,
                                    "%s%0" + (24 - o.prefix().length()) + "X",
                                    o.prefix(),
                                    i)
                            : String.format(Locale.ROOT, "%s%011d", o.prefix(), i);
            byte[] key = o.keys() == null ? null : o.keys().key(mn);
            int seed = i;
            out.add(
                    new Script() {
                        public String mn() {
                            return mn;
                        }

                        public int size() {
                            return o.frames();
                        }

                        public String frame(int index, long clock) {
                            boolean live = o.clockSkew() != null;
                            long dataTime =
                                    live
                                            ? clock
                                            : 1_775_000_000_000L
                                                    + (long) index
                                                            * 60_000; // minute data from 2026-04-01
                            String plain =
                                    Hj212Encoder.frame(mn)
                                            .qn(
                                                    QN.format(
                                                                            LocalDateTime.ofInstant(
                                                                                    java.time
                                                                                            .Instant
                                                                                            .ofEpochMilli(
                                                                                                    clock),
                                                                                    Hj212Codec
                                                                                            .UTC8))
                                                                    .substring(0, 14)
                                                            + String.format(
                                                                    Locale.ROOT,
                                                                    "%03d",
                                                                    index % 1000))
                                            .st("31")
                                            .cn(live ? 2011 : 2051)
                                            .pw("123456")
                                            .flag(o.version() == 2025 ? 9 : 5)
                                            .dataTime(dataTime)
                                            .group(
                                                    "a21026",
                                                    live ? "Rtd" : "Avg",
                                                    String.format(
                                                            Locale.ROOT,
                                                            "%.2f",
                                                            10.0 + (seed + index) % 50),
                                                    "Flag",
                                                    "N")
                                            .encode();
                            return key == null ? plain : Sm4Frames.encrypt(plain, key, false);
                        }
                    });
        }
        return out;
    }

    /** One script per MN of the files, its frames in file order (lines without an MN: one logger of their own). */
    static List<Script> fromFiles(List<Path> files) throws IOException {
        Map<String, List<String>> byMn = new LinkedHashMap<>();
        for (Path f : LocalIngest.expand(files.stream().map(Path::toString).toList())) {
            for (String line : readLines(f)) {
                if (!line.isBlank()) {
                    byMn.computeIfAbsent(FrameGate.keyOfText(line), k -> new ArrayList<>())
                            .add(line);
                }
            }
        }
        List<Script> out = new ArrayList<>();
        byMn.forEach(
                (mn, lines) ->
                        out.add(
                                new Script() {
                                    public String mn() {
                                        return mn;
                                    }

                                    public int size() {
                                        return lines.size();
                                    }

                                    public String frame(int i, long clock) {
                                        return lines.get(i);
                                    }
                                }));
        return out;
    }

    /** A file's lines as ISO-8859-1 text (one char per byte), gzip or not. */
    private static List<String> readLines(Path f) throws IOException {
        try (var in =
                f.toString().endsWith(".gz")
                        ? new java.util.zip.GZIPInputStream(Files.newInputStream(f), 1 << 16)
                        : Files.newInputStream(f)) {
            List<String> out = new ArrayList<>();
            for (String l :
                    new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\n")) {
                out.add(Lines.stripCr(l));
            }
            return out;
        }
    }

    /**
     * A file frame that asks for an answer: the answer bit set in its Flag (a Flag added to a frame
     * without one) and a QN where it has none (unique per logger), length and CRC made again.
     * Lines that are not frames stay as they are.
     */
    static String askingForAck(String line, int index) {
        if (!Hj212Codec.intact(line) || Sm4Frames.isEncrypted(line)) {
            return line;
        }
        String segment = line.substring(6, line.length() - 4);
        int cp = segment.indexOf("CP=&&");
        String header = segment.substring(0, cp);
        StringBuilder h = new StringBuilder();
        boolean flag = false;
        for (String item : header.split(";")) {
            if (item.isEmpty()) {
                continue;
            }
            if (item.startsWith("Flag=")) {
                try {
                    item = "Flag=" + (Integer.parseInt(item.substring(5)) | 1);
                    flag = true;
                } catch (NumberFormatException e) {
                    return line;
                }
            }
            h.append(item).append(';');
        }
        if (!flag) {
            h.append("Flag=1;");
        }
        if (!header.startsWith("QN=")) {
            int at = segment.indexOf("DataTime=");
            String dt =
                    at >= 0 && at + 23 <= segment.length()
                            ? segment.substring(at + 9, at + 23)
                            : "20000101000000";
            h.insert(0, "QN=" + dt + String.format(Locale.ROOT, "%03d", index % 1000) + ";");
        }
        return Hj212Encoder.wrap(h + segment.substring(cp));
    }

    /**
     * Keeps the loggers within a window of DataTime of each other: a logger may send a frame dated
     * before the earliest position of any unfinished logger plus the window; otherwise it waits
     * until that earliest position moves. The logger furthest behind can always go, so all finish.
     */
    static final class TimeGate {
        private final long windowMs;
        private final java.util.TreeMap<Long, Integer> positions = new java.util.TreeMap<>();
        private final List<Runnable> waiting = new ArrayList<>();

        TimeGate(long windowMs) {
            this.windowMs = windowMs;
        }

        /**
         * Moves a logger from {@code from} (null: not yet placed) to {@code to} (null: finished).
         *
         * @return whether it may send now; if not, {@code wake} runs when it may try again
         */
        boolean move(Long from, Long to, Runnable wake) {
            List<Runnable> wakeUp = List.of();
            boolean go;
            synchronized (this) {
                Long floorBefore = positions.isEmpty() ? null : positions.firstKey();
                if (from != null) {
                    positions.computeIfPresent(from, (k, n) -> n == 1 ? null : n - 1);
                }
                if (to != null) {
                    positions.merge(to, 1, Integer::sum);
                }
                Long floor = positions.isEmpty() ? null : positions.firstKey();
                go = to == null || to < floor + windowMs;
                if (!go && wake != null) {
                    waiting.add(wake);
                }
                if (!java.util.Objects.equals(floorBefore, floor) && !waiting.isEmpty()) {
                    wakeUp = new ArrayList<>(waiting);
                    waiting.clear();
                    if (!go && wake != null) {
                        waiting.add(wake);
                        wakeUp.remove(wake);
                    }
                }
            }
            wakeUp.forEach(Runnable::run);
            return go;
        }
    }

    /** A frame's identity in {@code --acked-out} and {@code topic-check --kind raw}: the MD5 of its bytes, in hex. */
    public static String digest(byte[] frame) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("MD5").digest(frame));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    /** What all loggers of a run count together. */
    private static final class Totals {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong calibrations = new AtomicLong();
        final AtomicLongArray latencies;
        final AtomicLong latencyCount = new AtomicLong();
        final CountDownLatch done;
        final BufferedWriter ackedOut;
        final TimeGate timeGate;

        Totals(int loggers, int frames, BufferedWriter ackedOut, TimeGate timeGate) {
            this.latencies = new AtomicLongArray(Math.max(1, frames));
            this.done = new CountDownLatch(loggers);
            this.ackedOut = ackedOut;
            this.timeGate = timeGate;
        }

        void acked(byte[] frame) {
            if (ackedOut == null) {
                return;
            }
            synchronized (ackedOut) {
                try {
                    ackedOut.write(digest(frame));
                    ackedOut.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** One logger: a frame, its answer (or retries), the next frame; a 1012 sets its clock. */
    private static final class Logger extends SimpleChannelInboundHandler<Received> {
        private final Script script;
        private final Options o;
        private final Totals totals;

        /** The logger's clock minus the wall clock, ms. */
        private long offsetMs;

        /** DataTime of the frame it is at, for the time gate (null before the first). */
        private Long position;

        private int index;
        private int attempt;
        private String qn;
        private byte[] frame;

        /** What the header of {@link #frame} says (read once a frame). */
        private FrameFields fields;

        private long sentAt;
        private ScheduledFuture<?> timeout;
        private Channel channel;

        Logger(Script script, Options o, Totals totals) {
            this.script = script;
            this.o = o;
            this.totals = totals;
            this.offsetMs = o.clockSkew() == null ? 0 : o.clockSkew().toMillis();
            if (totals.timeGate != null && script.size() > 0) {
                // placed before any logger connects: one that connects late still holds the others
                // back
                String first = script.frame(0, System.currentTimeMillis() + offsetMs);
                java.time.Instant t =
                        FrameFields.of(first.getBytes(StandardCharsets.ISO_8859_1))
                                .dataTimeInstant();
                if (t != null) {
                    position = t.toEpochMilli();
                    totals.timeGate.move(null, position, null);
                }
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            next();
        }

        private void next() {
            try {
                prepare();
            } catch (RuntimeException e) {
                // a simulator that stalls on one odd line would hang its whole run: report and go
                // on
                if (FIRST_ERROR.compareAndSet(null, e)) {
                    System.err.println(
                            "logger-sim: " + script.mn() + ": frame " + index + ": " + e);
                }
                totals.failed.incrementAndGet();
                index++;
                after();
            }
        }

        /** Makes the next frame and sends it when the time gate lets it go; at the end, closes. */
        private void prepare() {
            if (index >= script.size()) {
                if (totals.timeGate != null) {
                    totals.timeGate.move(position, null, null);
                }
                channel.close();
                totals.done.countDown();
                return;
            }
            String text = script.frame(index, System.currentTimeMillis() + offsetMs);
            if (o.requestAck()) {
                text = askingForAck(text, index);
            }
            frame = (text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            fields = FrameFields.of(Arrays.copyOf(frame, frame.length - 2));
            if (totals.timeGate != null) {
                java.time.Instant t = fields.dataTimeInstant();
                Long to = t == null ? position : Long.valueOf(t.toEpochMilli());
                Long from = position;
                position = to;
                if (to != null && !totals.timeGate.move(from, to, this::wake)) {
                    return; // woken when the loggers behind have caught up
                }
            }
            transmit();
        }

        private void wake() {
            channel.eventLoop()
                    .execute(
                            () -> {
                                if (totals.timeGate.move(position, position, this::wake)) {
                                    transmit();
                                }
                            });
        }

        /** Sends the frame made by {@link #next()}, now that it may go. */
        private void transmit() {
            FrameFields f = fields;
            qn = f.qn();
            attempt = 0;
            if (f.asksForAck() && qn != null) {
                send();
            } else {
                // nothing to wait for: sent, and on to the next
                totals.sent.incrementAndGet();
                channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
                index++;
                after();
            }
        }

        private void after() {
            if (o.intervalMs() > 0) {
                channel.eventLoop().schedule(this::next, o.intervalMs(), TimeUnit.MILLISECONDS);
            } else {
                channel.eventLoop().execute(this::next);
            }
        }

        private void send() {
            sentAt = System.nanoTime();
            totals.sent.incrementAndGet();
            channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
            timeout =
                    channel.eventLoop()
                            .schedule(this::timedOut, o.timeoutMs(), TimeUnit.MILLISECONDS);
        }

        private void timedOut() {
            if (attempt < o.retries()) {
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
            if (f.crcOk() && "1012".equals(f.cn())) {
                setClock(ctx, f, text);
                return;
            }
            // 9014 answers data, 9013 a notification (heartbeat, time or key request)
            if (!f.crcOk()
                    || !("9014".equals(f.cn()) || "9013".equals(f.cn()))
                    || qn == null
                    || !qn.equals(f.qn())
                    || timeout == null
                    || timeout.isDone()) {
                return; // not the answer to this frame (a late answer to an earlier attempt)
            }
            timeout.cancel(false);
            totals.acked.incrementAndGet();
            totals.acked(Arrays.copyOf(frame, frame.length - 2));
            long at = totals.latencyCount.getAndIncrement();
            if (at < totals.latencies.length()) {
                totals.latencies.set((int) at, (System.nanoTime() - sentAt) / 1000);
            }
            index++;
            after();
        }

        /** CN 1012: the logger's clock takes SystemTime (local UTC+8); answered 9011 then 9012 where asked. */
        private void setClock(ChannelHandlerContext ctx, FrameFields f, String text) {
            int at = text.indexOf("SystemTime=");
            if (at < 0 || at + 25 > text.length()) {
                return;
            }
            try {
                long system =
                        LocalDateTime.parse(text.substring(at + 11, at + 25), SYSTEM_TIME)
                                .toInstant(Hj212Codec.UTC8)
                                .toEpochMilli();
                offsetMs = system - System.currentTimeMillis();
            } catch (java.time.format.DateTimeParseException e) {
                return;
            }
            totals.calibrations.incrementAndGet();
            if (f.asksForAck()) {
                String head =
                        "QN="
                                + f.qn()
                                + ";ST=91;CN=%s;PW="
                                + f.pw()
                                + ";MN="
                                + f.mn()
                                + ";Flag="
                                + (f.flag() & ~3)
                                + ";CP=&&%s&&";
                ctx.write(
                        Unpooled.wrappedBuffer(
                                (Hj212Encoder.wrap(String.format(head, "9011", "QnRtn=1")) + "\r\n")
                                        .getBytes(StandardCharsets.ISO_8859_1)));
                ctx.writeAndFlush(
                        Unpooled.wrappedBuffer(
                                (Hj212Encoder.wrap(String.format(head, "9012", "ExeRtn=1"))
                                                + "\r\n")
                                        .getBytes(StandardCharsets.ISO_8859_1)));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (index < script.size()) {
                totals.failed.addAndGet(script.size() - index);
                index = script.size();
                if (timeout != null) {
                    timeout.cancel(false);
                }
                totals.done.countDown();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (FIRST_ERROR.compareAndSet(null, cause)) {
                System.err.println("logger-sim: " + script.mn() + ": " + cause);
            }
            ctx.close();
        }
    }
}
