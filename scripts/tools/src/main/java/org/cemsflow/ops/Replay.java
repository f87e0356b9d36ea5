package org.cemsflow.ops;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.Commands;
import org.cemsflow.config.JobOptions;
import org.cemsflow.ingestion.FrameTimestamps;
import org.cemsflow.local.LocalIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cemsflow replay FILES... [--rate N] [--fuzz N] [--seed S] [--in-time-order] [--topic T] [--config F]}: sends
 * HJ 212 files (plain or .gz, directories in name order) to the raw topic, one line per record,
 * keyed by the frame's MN (one device stays in order on one partition), at N frames/s or as fast
 * as possible (rate 0), with a progress bar. {@code --fuzz N} mixes N bad frames of
 * {@link FrameFuzzer} at seeded random places; {@code --in-time-order} sends a backfill sorted by
 * DataTime. Idempotent producer, acks=all: a line is sent once.
 */
public final class Replay {
    private Replay() {}

    /** {@code cemsflow replay}. */
    @Command(
            name = "replay",
            description =
                    "Send the frames of files (or directories) to the raw topic, optionally fuzzed or in time order.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Parameters(
                paramLabel = "FILES",
                arity = "1..*",
                description = "frame files or directories (.h212, .h212.gz)")
        List<String> inputs;

        @Option(
                names = "--rate",
                paramLabel = "N",
                description = "records per second (default: as fast as Kafka takes them)")
        double rate;

        @Option(
                names = "--fuzz",
                paramLabel = "N",
                description = "this many records fuzzed among them")
        int fuzz;

        @Option(
                names = "--seed",
                paramLabel = "S",
                description = "seed of the fuzzer (default: 212)")
        long seed = 212;

        @Option(names = "--in-time-order", description = "send in DataTime order across files")
        boolean inTimeOrder;

        @Option(
                names = "--topic",
                paramLabel = "T",
                description = "the topic (default: kafka.topic.raw)")
        String topic;

        @Mixin KafkaClientOptions kafka;

        @Override
        public Integer call() throws Exception {
            run(inputs, rate, fuzz, seed, inTimeOrder, topic, kafka);
            return Commands.OK;
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }

    static void run(
            List<String> inputs,
            double rate,
            int fuzz,
            long seed,
            boolean inTimeOrder,
            String topicOrNull,
            KafkaClientOptions kafka)
            throws Exception {
        CemsflowSettings settings = kafka.settings();
        Properties p = kafka.client(settings);
        String topic = topicOrNull != null ? topicOrNull : settings.get(JobOptions.RAW_TOPIC);
        List<Path> files = LocalIngest.expand(inputs);
        if (files.isEmpty()) {
            throw new Commands.UsageError("no input files in " + inputs);
        }
        Lines lines =
                inTimeOrder
                        ? inTimeOrder(files)
                        : out -> {
                            for (Path f : files) {
                                forEachLine(f, out);
                            }
                        };
        Stats s = send(lines, topic, p, rate, fuzz, seed, true);
        System.err.printf(
                "replay: %,d records (%,d of them fuzzed) to %s in %.1f s, %,.0f records/s%n",
                s.records, s.fuzzed, topic, s.seconds, s.records / Math.max(s.seconds, 1e-9));
    }

    public record Stats(long records, long fuzzed, double seconds) {}

    /** The records to send, in order; read twice (a first pass counts them). */
    public interface Lines {
        void forEach(Consumer<byte[]> out) throws IOException;
    }

    /**
     * The lines of the files sorted by DataTime (stable; a line without one keeps the time of the
     * line before it): a backfill in event-time order, so no line is late however fast it goes.
     */
    public static Lines inTimeOrder(List<Path> files) throws IOException {
        List<byte[]> all = new ArrayList<>();
        for (Path f : files) {
            forEachLine(f, all::add);
        }
        long[] keys = new long[all.size()];
        long last = Long.MIN_VALUE;
        for (int i = 0; i < keys.length; i++) {
            Long t =
                    FrameTimestamps.dataTimeOf(
                            new String(
                                    all.get(i),
                                    0,
                                    Math.min(all.get(i).length, 400),
                                    StandardCharsets.ISO_8859_1));
            last = t != null ? t : last;
            keys[i] = last;
        }
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        return out -> {
            for (Integer i : order) {
                out.accept(all.get(i));
            }
        };
    }

    public static Stats send(
            Lines input,
            String topic,
            Properties client,
            double rate,
            int fuzz,
            long seed,
            boolean progress)
            throws Exception {
        // first pass: how many lines, and real frames to fuzz from
        List<byte[]> seeds = new ArrayList<>();
        long[] lines = {0};
        input.forEach(
                b -> {
                    lines[0]++;
                    if (seeds.size() < 2000 && b.length > 8 && b[0] == '#' && b[1] == '#') {
                        seeds.add(b);
                    }
                });
        long total = lines[0] + fuzz;
        long[] fuzzAt = new Random(seed).longs(fuzz, 0, Math.max(1, total)).sorted().toArray();
        FrameFuzzer fuzzer = fuzz > 0 ? new FrameFuzzer(seed, seeds) : null;

        Properties p = new Properties();
        p.putAll(client);
        p.putIfAbsent("acks", "all");
        p.putIfAbsent("enable.idempotence", "true");
        p.putIfAbsent("linger.ms", "20");
        p.putIfAbsent("batch.size", Integer.toString(512 * 1024));
        p.putIfAbsent("max.request.size", Integer.toString(FrameFuzzer.MAX_LONG_LINE + 48_000));
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        long start = System.nanoTime();
        long[] sent = {0, 0};
        int[] nextFuzz = {0};
        Progress bar = new Progress(total, progress);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            Consumer<byte[]> one =
                    value -> {
                        if (failure.get() != null) {
                            throw new IllegalStateException("sending failed", failure.get());
                        }
                        if (rate > 0) {
                            long due = start + (long) (sent[0] / rate * 1e9);
                            long wait = due - System.nanoTime();
                            if (wait > 1_000_000) {
                                sleep(wait / 1_000_000);
                            }
                        }
                        producer.send(
                                new ProducerRecord<>(topic, mnOf(value), value),
                                (md, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(null, e);
                                    } else {
                                        acked.incrementAndGet();
                                    }
                                });
                        sent[0]++;
                        bar.update(sent[0]);
                    };
            Consumer<byte[]> withFuzz =
                    value -> {
                        while (nextFuzz[0] < fuzzAt.length && fuzzAt[nextFuzz[0]] <= sent[0]) {
                            nextFuzz[0]++;
                            sent[1]++;
                            one.accept(fuzzer.next());
                        }
                        one.accept(value);
                    };
            input.forEach(withFuzz);
            while (nextFuzz[0] < fuzzAt.length) {
                nextFuzz[0]++;
                sent[1]++;
                one.accept(fuzzer.next());
            }
            producer.flush();
        }
        bar.done(sent[0]);
        if (failure.get() != null) {
            throw new IOException(
                    "replay: Kafka refused a record: " + failure.get().getMessage(), failure.get());
        }
        return new Stats(acked.get(), sent[1], (System.nanoTime() - start) / 1e9);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Each line of a file (LF-separated, CR LF kept off), as the bytes that were written. */
    static void forEachLine(Path file, Consumer<byte[]> out) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream in =
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, start, i - start);
                        emit(line, out);
                        start = i + 1;
                    }
                }
                line.write(buf, start, n - start);
            }
            if (line.size() > 0) {
                emit(line, out);
            }
        }
    }

    private static void emit(ByteArrayOutputStream line, Consumer<byte[]> out) {
        byte[] b = line.toByteArray();
        line.reset();
        int end = b.length;
        if (end > 0 && b[end - 1] == '\r') {
            end--;
        }
        if (end > 0) {
            out.accept(end == b.length ? b : Arrays.copyOf(b, end));
        }
    }

    /** The MN field of a frame as the record key, or null. */
    static byte[] mnOf(byte[] frame) {
        String head =
                new String(frame, 0, Math.min(frame.length, 200), StandardCharsets.ISO_8859_1);
        int at = head.indexOf(";MN=");
        int end = at < 0 ? -1 : head.indexOf(';', at + 4);
        return end < 0 ? null : head.substring(at + 4, end).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A one-line progress bar on stderr, redrawn at most five times a second. */
    static final class Progress {
        private final long total;
        private final boolean on;
        private final long start = System.nanoTime();
        private long last;

        Progress(long total, boolean on) {
            this.total = Math.max(total, 1);
            this.on = on;
        }

        void update(long n) {
            long now = System.nanoTime();
            if (on && now - last > 200_000_000L) {
                last = now;
                draw(n, now);
            }
        }

        void done(long n) {
            if (on) {
                draw(n, System.nanoTime());
                System.err.println();
            }
        }

        private void draw(long n, long now) {
            int width = 30;
            int filled = (int) (width * Math.min(1.0, (double) n / total));
            double secs = Math.max((now - start) / 1e9, 1e-9);
            System.err.printf(
                    "\r[%s%s] %3d%% %,d/%,d frames %,.0f/s",
                    "#".repeat(filled),
                    ".".repeat(width - filled),
                    (int) (100.0 * n / total),
                    n,
                    total,
                    n / secs);
        }
    }
}
