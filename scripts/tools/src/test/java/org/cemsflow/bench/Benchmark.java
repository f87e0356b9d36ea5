package org.cemsflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.cemsflow.CemsflowJob;
import org.cemsflow.CemsflowPipelines;
import org.cemsflow.aggregation.AggregateSerializer;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.JobOptions;
import org.cemsflow.e2e.ClickHouseHttp;
import org.cemsflow.e2e.EmbeddedKafka;
import org.cemsflow.ingestion.FrameTimestamps;
import org.cemsflow.ingestion.FrameValidator;
import org.cemsflow.ingestion.SideInputWatermarks;
import org.cemsflow.model.RawFrame;
import org.cemsflow.ops.Replay;
import org.cemsflow.ops.SyntheticStream;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.quota.Substitute;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;
import org.cemsflow.sinks.ClickHouseTables;
import org.cemsflow.supervision.Answer;
import org.cemsflow.time.LocalTimes;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code scripts/bench}: one seeded synthetic stream (N points, 7 in 10 stacks and 3 in 10
 * outfalls, a minute record and two real-time records per point and minute, about 10 codes each,
 * 0.5 % corrupted frames, 0.5 % arriving two hours late, 5 % of the stacks over their SO2 limit four
 * hours a day), and on that same input:
 * <ul>
 *   <li>A: the full cemsflow pipeline as configured by default (decode, de-duplicate, hourly and
 *       daily means, exceedance CEP and cases, quota, supervision, data quality) on an embedded
 *       Flink with parallelism 2, every output into a counting sink, correlation detectors
 *       included; A-: the same with the correlation detectors off;</li>
 *   <li>B: what a data engineer would write instead: Flink SQL over the same decoded readings
 *       (TUMBLE hourly and daily windows, MATCH_RECOGNIZE for three consecutive hours);</li>
 *   <li>C: the limit: one thread that decodes the frames and folds them into hourly means;</li>
 *   <li>A at a fixed input rate with checkpoints: event-time-to-alert latency and checkpointed state;</li>
 *   <li>A behind a real Kafka broker (frames produced first) with the ClickHouse sinks on, and the
 *       ClickHouse sink alone into the real server;</li>
 *   <li>JMH micro-benchmarks of the codec and of the device rules in an operator harness.</li>
 * </ul>
 * Prints every figure and a summary table (also written to {@code target/bench/results.md}).
 */
public final class Benchmark {
    static String[] frames;

    /** Hour end (epoch ms) -> System.nanoTime when the source first emitted a frame at or past hour end + watermark delay. */
    static final Map<Long, Long> BOUNDARIES = new ConcurrentHashMap<>();

    static final long OOO_MS = 3_600_000L;

    /** The latest DataTime the source has emitted (latency run): how far event time had gone when an alert left. */
    static volatile long sourceEventTime;

    static boolean onlyPipeline;

    /** --only-throughput: C, A, A- and B and their ratios, nothing after them. */
    static boolean onlyThroughput;

    /**
     * When each of {@link #frames} arrived (epoch ms) where the input replays a capture, else null:
     * the frames' wall clock for the future check ({@link ArrivalClock}).
     */
    static long[] arrivals;

    /**
     * --runs N: C, A, A- and B each run N times in turn, reported by their median (3 by default:
     * the first run of each is often still warming up, B's as much as A's; 1 with --quick).
     */
    static int runs = 3;

    static boolean onlyLatency;
    static boolean onlySink;
    static boolean onlyKafka;

    /** --state-days D: state per point after each simulated day of D (0: not run). */
    static int stateDays;

    /**
     * The largest checkpoint seen while the source was in each period of {@link #statePeriodMs}
     * after {@link #stateStart} (simulated days, or hours of the real captures; index from 0).
     */
    static final java.util.concurrent.ConcurrentSkipListMap<Long, Long> STATE_BY_PERIOD =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    /** The bytes by operator of each period's largest checkpoint in {@link #STATE_BY_PERIOD}. */
    static final Map<Long, Map<String, Long>> STATE_OPS_BY_PERIOD =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** --real-rounds N: how many times the real captures' consecutive hours come (3 by default). */
    static int realRounds = 3;

    static boolean onlyBackfill;
    static boolean onlyJmh;

    /** --only-real-state: only the state on the real captures ({@link #realTrafficState}). */
    static boolean onlyRealState;

    /** The largest checkpoint of the last run with checkpoints, and its bytes by operator. */
    long lastCheckpointBytes;

    Map<String, Long> lastCheckpointByOperator = Map.of();

    /** The state backend of every cemsflow run: hashmap (the default) or rocksdb (--rocksdb). */
    static String stateBackend = "hashmap";

    static int[] backfillCopies = {12};

    static volatile long stateStart = Long.MIN_VALUE;

    static volatile long statePeriodMs = LocalTimes.DAY_MS;

    /** What the traffic of a run with checkpoints is, for its row in the summary. */
    static String traffic = "steady state";

    /** When the sink benchmark's first row was made (its source runs in this JVM). */
    static final AtomicLong FIRST_SINK_ROW = new AtomicLong();

    /** The default configuration runs the correlation detectors; --no-correlation turns them off everywhere. */
    static String correlation = "true";

    /** --set key=value: settings for every cemsflow run (to measure a detector's cost, say). */
    static final Map<String, String> EXTRA = new java.util.HashMap<>();

    private final Map<String, String> table = new java.util.LinkedHashMap<>();
    private final StringBuilder log = new StringBuilder();

    /**
     * When a timed job's source handed on its first input (System.nanoTime; 0: not yet): the time
     * from then to the job's end is its flowing time, without the job's start (deploying its tasks,
     * B's planning), a fixed cost of about 1.5 s that a streaming job pays once.
     */
    static final AtomicLong FIRST_INPUT = new AtomicLong();

    /** A timed job's source hands on an input: the first one marks {@link #FIRST_INPUT}. */
    static void markFirstInput() {
        if (FIRST_INPUT.get() == 0) {
            FIRST_INPUT.compareAndSet(0, System.nanoTime());
        }
    }

    /**
     * A timed run.
     *
     * @param seconds the whole job, from its submission to its end
     * @param flowingSeconds from the source's first input to the job's end ({@link #FIRST_INPUT});
     *     the whole time where there is no such mark
     * @param processCores the CPU of the whole process over the run, in cores (the tasks, the JIT
     *     compiler, the collector and the cluster's other threads)
     * @param jitSeconds the JIT compiler's time during the run, its threads' together
     */
    record Result(
            long frames,
            long readings,
            double seconds,
            long peakHeapBytes,
            double flowingSeconds,
            Map<String, Long> taskCpuNanos,
            double processCores,
            double jitSeconds) {
        Result(long frames, long readings, double seconds, long peakHeapBytes) {
            this(frames, readings, seconds, peakHeapBytes, seconds, Map.of(), 0, 0);
        }

        /** CPU microseconds a frame in the job's task threads ({@link TaskCpu}). */
        double taskCpuMicrosPerFrame() {
            long ns = 0;
            for (long v : taskCpuNanos.values()) {
                ns += v;
            }
            return ns / 1e3 / frames;
        }

        double framesPerSecond() {
            return frames / seconds;
        }

        /** Frames a second from the first input to the end (the job's start left out). */
        double framesPerSecondFlowing() {
            return frames / flowingSeconds;
        }

        /** This run's times with these counts. */
        Result counting(long frames, long readings) {
            return new Result(
                    frames,
                    readings,
                    seconds,
                    peakHeapBytes,
                    flowingSeconds,
                    taskCpuNanos,
                    processCores,
                    jitSeconds);
        }

        double readingsPerSecond() {
            return readings / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int points = 200;
        int hours = 6;
        int latencyPoints = 30;
        int latencyHours = 12;
        double latencyRate = 2000;
        boolean kafka = true;
        boolean jmh = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--points" -> points = Integer.parseInt(args[++i]);
                case "--hours" -> hours = Integer.parseInt(args[++i]);
                case "--latency-rate" -> latencyRate = Double.parseDouble(args[++i]);
                case "--latency-points" -> latencyPoints = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--quick" -> {
                    runs = 1;
                    points = 100;
                    hours = 4;
                    latencyHours = 8;
                }
                case "--no-kafka" -> kafka = false;
                case "--no-jmh" -> jmh = false;
                case "--only-pipeline" -> onlyPipeline = true;
                case "--only-throughput" -> onlyThroughput = true;
                case "--cluster-per-run" -> clusterPerRun = true;
                case "--only-latency" -> onlyLatency = true;
                case "--only-sink" -> onlySink = true;
                case "--only-kafka" -> onlyKafka = true;
                case "--state-days" -> stateDays = Integer.parseInt(args[++i]);
                case "--backfill" -> onlyBackfill = true;
                case "--only-jmh" -> onlyJmh = true;
                case "--only-real-state" -> onlyRealState = true;
                case "--real-rounds" -> realRounds = Integer.parseInt(args[++i]);
                case "--rocksdb" -> stateBackend = "rocksdb";
                case "--no-backfill" -> backfillCopies = new int[0];
                case "--backfill-copies" ->
                        backfillCopies =
                                Arrays.stream(args[++i].split(","))
                                        .mapToInt(Integer::parseInt)
                                        .toArray();
                case "--no-correlation" -> correlation = "false";
                case "--set" -> {
                    String[] kv = args[++i].split("=", 2);
                    EXTRA.put(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException("bench: unknown argument " + args[i]);
            }
        }
        new Benchmark().run(points, hours, latencyPoints, latencyHours, latencyRate, kafka, jmh);
        System.exit(0);
    }

    void say(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        log.append(s).append('\n');
    }

    void run(
            int points,
            int hours,
            int latencyPoints,
            int latencyHours,
            double latencyRate,
            boolean kafka,
            boolean jmh)
            throws Exception {
        long started = System.nanoTime();
        if (onlyBackfill) {
            backfill();
            return;
        }
        if (onlyJmh) {
            jmh();
            return;
        }
        Path tmp = TempDirs.make("cemsflow-bench");
        SyntheticStream.Options o =
                new SyntheticStream.Options(
                        points,
                        hours,
                        LocalTimes.parseIso("2026-04-06T00:00:00+08:00"),
                        true,
                        0.005,
                        2 * 3_600_000L,
                        0.005,
                        0.05,
                        20260302L);
        SyntheticStream.writeReference(tmp.resolve("reference"), o);
        ReferenceData reference = ReferenceData.load(tmp.resolve("reference"));
        List<String> all = new ArrayList<>();
        SyntheticStream.forEachFrame(o, all::add);
        frames = all.toArray(new String[0]);
        all = null;
        long bytes = Arrays.stream(frames).mapToLong(String::length).sum();
        say(
                "input: %,d frames (%,d MB) of %d points over %d hours: minute and real-time records, 0.5 %% corrupted, "
                        + "0.5 %% two hours late; %d cores, max heap %,d MB; state backend %s",
                frames.length,
                bytes >> 20,
                points,
                hours,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                stateBackend);

        if (onlyLatency) {
            latency(latencyPoints, latencyHours, latencyRate);
            return;
        }
        if (onlyRealState) {
            realTrafficState(2_000, realRounds, tmp);
            return;
        }
        if (onlySink) {
            clickHouseSink();
            return;
        }
        if (onlyKafka) {
            // A' and the sink after one warm-up of A, as in a full run (which has more before it)
            warmUp("A", pipeline(reference, 0, false, points, correlation));
            endToEnd(reference, tmp);
            return;
        }
        if (stateDays > 0) {
            stateOverDays(10, stateDays);
            return;
        }
        // untimed runs first: the JIT compiles Flink's and our code paths, so that A, A- and B
        // compare warm (a single warm-up left the first timed run of each at about 60 % of the
        // later ones). A runs until a run leaves the compiler little to do (its code paths that
        // run a few times a job, at its start and its end, are compiled a run or two after the
        // frames' ones; two warm-ups left 1 to 3 s of compiling in each timed run, on a core the
        // tasks need), A- and B once (B compiles its SQL anew for every job: no warm-up ends that)
        warmUpUntilCompiled(
                "A", 2, MAX_WARM_UPS, w -> pipeline(reference, 0, false, points, correlation));
        warmUp("A-", pipeline(reference, 0, false, points, "false"));
        if (!onlyPipeline) {
            warmUp("B", sql(reference, loop(reference).readings())); // the loop counts B's rows
        }
        // --runs N: C, A, A- and B in turn, N times, each reported by its median, so that the
        // drift of a shared machine falls on all of them alike
        List<Result> cs = new ArrayList<>(), as = new ArrayList<>(), aMinuses = new ArrayList<>();
        List<Result> bs = new ArrayList<>();
        double readingsPerFrame = 0;
        for (int run = 1; run <= runs; run++) {
            String of = runs > 1 ? " (run " + run + " of " + runs + ")" : "";
            Result c = loop(reference);
            cs.add(c);
            readingsPerFrame = (double) c.readings() / frames.length;
            say(
                    "C  plain Java loop, 1 thread%s: %,.0f frames/s, %,.0f readings/s (%,d readings, %.1f s)",
                    of, c.framesPerSecond(), c.readingsPerSecond(), c.readings(), c.seconds());
            as.add(pipeline(reference, 0, false, points, correlation));
            sayPipeline(
                    "A  cemsflow (default settings), Flink parallelism 2" + of,
                    last(as),
                    readingsPerFrame);
            aMinuses.add(pipeline(reference, 0, false, points, "false"));
            sayPipeline(
                    "A- cemsflow with the correlation detectors off" + of,
                    last(aMinuses),
                    readingsPerFrame);
            if (!onlyPipeline) {
                Result b = sql(reference, c.readings());
                bs.add(b);
                say(
                        "B  Flink SQL, parallelism 2%s: %,.0f frames/s, %,.0f readings/s (%.1f s; %,.0f"
                                + " frames/s in the %.1f s from the first reading; %.1f µs CPU a"
                                + " frame in its tasks; the process %.2f cores, the JIT %.1f s;"
                                + " peak heap %,d MB)",
                        of,
                        b.framesPerSecond(),
                        b.readingsPerSecond(),
                        b.seconds(),
                        b.framesPerSecondFlowing(),
                        b.flowingSeconds(),
                        b.taskCpuMicrosPerFrame(),
                        b.processCores(),
                        b.jitSeconds(),
                        b.peakHeapBytes() >> 20);
            }
        }
        Result c = median("C", cs);
        Result a = median("A", as);
        Result aMinus = median("A-", aMinuses);
        table.put(
                "A: cemsflow (default settings, correlation "
                        + ("true".equals(correlation) ? "on" : "off")
                        + "), frames/s",
                fmt(a.framesPerSecond()) + spread(as));
        table.put("A: readings/s", fmt(a.framesPerSecond() * readingsPerFrame));
        table.put(
                "A-: cemsflow with correlation off, frames/s",
                fmt(aMinus.framesPerSecond()) + spread(aMinuses));
        if (onlyPipeline) {
            table.forEach((k, v) -> say("| %s | %s |", k, v));
            return;
        }
        Result b = median("B", bs);
        table.put(
                "B: Flink SQL (windows + MATCH_RECOGNIZE), frames/s",
                fmt(b.framesPerSecond()) + spread(bs));
        table.put(
                "C: plain Java loop (decode + hourly means), frames/s",
                fmt(c.framesPerSecond()) + spread(cs));
        table.put(
                "A / B",
                String.format(Locale.ROOT, "%.2f", a.framesPerSecond() / b.framesPerSecond()));
        table.put(
                "A / (2 x C)",
                String.format(
                        Locale.ROOT, "%.2f", a.framesPerSecond() / (2 * c.framesPerSecond())));
        // the same runs from their first input to their end: a job's start (deploying its tasks,
        // B's planning) takes about 1.5 s of runs of 3 to 5 s, which a streaming job pays once
        double aFlowing = medianOf(as, Result::framesPerSecondFlowing);
        double bFlowing = medianOf(bs, Result::framesPerSecondFlowing);
        table.put(
                "A from its first frame to its end, frames/s",
                fmt(aFlowing) + spread(as, Result::framesPerSecondFlowing));
        table.put(
                "B from its first reading to its end, frames/s",
                fmt(bFlowing) + spread(bs, Result::framesPerSecondFlowing));
        table.put(
                "A / B from the first input",
                String.format(Locale.ROOT, "%.2f", aFlowing / bFlowing));
        table.put(
                "A / (2 x C) from the first input",
                String.format(Locale.ROOT, "%.2f", aFlowing / (2 * c.framesPerSecond())));
        // the CPU its tasks take a frame, whatever else the machine runs (the JIT, the collector,
        // other processes): B's over A's is how much faster A would go on the same cores
        double aCpu = medianOf(as, Result::taskCpuMicrosPerFrame);
        double bCpu = medianOf(bs, Result::taskCpuMicrosPerFrame);
        putMedian("A: CPU a frame in its tasks, µs", as, Result::taskCpuMicrosPerFrame, "%.2f");
        putMedian("B: CPU a frame in its tasks, µs", bs, Result::taskCpuMicrosPerFrame, "%.2f");
        table.put(
                "A / B by the CPU a frame (B's over A's)",
                String.format(Locale.ROOT, "%.2f", bCpu / aCpu));
        // on 2 cores the JIT takes what the tasks do not: a job that has not run long enough
        // for its code to be compiled (A's code paths that run once a job, B's SQL compiled
        // anew for every job) shares the cores with the compiler while it is measured
        putMedian("A: the JIT compiler's time during its runs, s", as, Result::jitSeconds, "%.1f");
        putMedian("B: the JIT compiler's time during its runs, s", bs, Result::jitSeconds, "%.1f");
        putMedian("A: the process's CPU during its runs, cores", as, Result::processCores, "%.2f");
        putMedian("B: the process's CPU during its runs, cores", bs, Result::processCores, "%.2f");
        sayTaskCpu("A's tasks, CPU µs a frame (its last run):", last(as));
        // against A's: what the correlation detectors cost, task by task
        sayTaskCpu("A-'s tasks, CPU µs a frame (its last run):", last(aMinuses));
        table.put("A peak heap", (a.peakHeapBytes() >> 20) + " MB");
        if (onlyThroughput) {
            table.forEach((k, v) -> say("| %s | %s |", k, v));
            return;
        }

        latency(latencyPoints, latencyHours, latencyRate);
        if (kafka) {
            endToEnd(reference, tmp);
        }
        if (jmh) {
            jmh();
        }
        backfill();
        say("%nsummary (%d s in all):", (System.nanoTime() - started) / 1_000_000_000L);
        say("| figure | value |");
        say("|---|---|");
        table.forEach((k, v) -> say("| %s | %s |", k, v));
        Path out = Path.of("target/bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.md"), log.toString(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ run-local as a backfill

    /**
     * run-local over the real captures replicated with distinct MNs (12 copies by default: about
     * 950,000 lines; --backfill-copies 12,48 adds four times that), a process each as a user runs
     * it.
     */
    void backfill() throws Exception {
        if (backfillCopies.length == 0) {
            return;
        }
        Path root = org.cemsflow.testkit.Repository.root();
        Path dir = Path.of("target/bench/backfill").toAbsolutePath();
        Backfill.build(root);
        List<Backfill.Run> runs = new ArrayList<>();
        for (int copies : backfillCopies) {
            Path input = dir.resolve("input-x" + copies);
            if (Files.exists(dir)) {
                org.apache.commons.io.file.PathUtils.deleteDirectory(
                        dir); // one input on disk at a time
            }
            long lines = Backfill.writeInput(input, Backfill.captures(root), copies);
            Backfill.Run r =
                    Backfill.run(root, input, dir.resolve("out-x" + copies), copies, lines);
            say(
                    "backfill: run-local --accept-unknown over %d copies of the real captures (%,d lines):"
                            + " %.1f s as a whole process, %,.0f lines/s, peak RSS %,d MB, exit %d",
                    copies,
                    lines,
                    r.seconds(),
                    r.linesPerSecond(),
                    r.peakRssBytes() >> 20,
                    r.exit());
            runs.add(r);
            table.put(
                    "backfill x" + copies + " (" + fmt(lines) + " lines): s / lines/s / peak RSS",
                    String.format(
                            Locale.ROOT,
                            "%.1f s / %,.0f / %,d MB",
                            r.seconds(),
                            r.linesPerSecond(),
                            r.peakRssBytes() >> 20));
        }
        if (runs.size() > 1) {
            Backfill.Run small = runs.get(0), large = runs.get(runs.size() - 1);
            table.put(
                    "backfill peak RSS x" + large.copies() + " / x" + small.copies(),
                    String.format(
                            Locale.ROOT,
                            "%.2f",
                            (double) large.peakRssBytes() / small.peakRssBytes()));
        }
        if (onlyBackfill) {
            say("%nsummary:");
            table.forEach((k, v) -> say("| %s | %s |", k, v));
        }
    }

    /** At most this many warm-up runs of A. */
    static final int MAX_WARM_UPS = 8;

    /** At most this many warm-up runs of A' (Kafka in and out), which are longer. */
    static final int MAX_END_TO_END_WARM_UPS = 4;

    /** The warm-ups of A and A' end with a run in which the JIT compiled for less than this. */
    static final double WARM_JIT_SECONDS = 0.5;

    /** Run {@code w} (from 1) of a warm-up. */
    interface WarmUpRun {
        Result run(int w) throws Exception;
    }

    /**
     * Warm-up runs of {@code label} until one leaves the JIT under {@link #WARM_JIT_SECONDS}: at
     * least {@code atLeast}, at most {@code atMost}.
     */
    void warmUpUntilCompiled(String label, int atLeast, int atMost, WarmUpRun run)
            throws Exception {
        for (int w = 1; w <= atMost; w++) {
            Result r = run.run(w);
            warmUp(label, r);
            if (w >= atLeast && r.jitSeconds() < WARM_JIT_SECONDS) {
                return;
            }
        }
    }

    void warmUp(String label, Result r) {
        say(
                "warm-up run of %s (not counted): %,.0f frames/s (the JIT %.1f s)",
                label, r.framesPerSecond(), r.jitSeconds());
    }

    static Result last(List<Result> runs) {
        return runs.get(runs.size() - 1);
    }

    /** The run of median throughput (the lower middle one of an even number). */
    Result median(String label, List<Result> runs) {
        List<Result> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Result::framesPerSecond));
        Result m = sorted.get((sorted.size() - 1) / 2);
        if (runs.size() > 1) {
            say("%s: %,.0f frames/s%s", label, m.framesPerSecond(), spread(runs));
        }
        return m;
    }

    /** A summary row: the runs' median of a figure in {@code format}, and its spread. */
    void putMedian(
            String label,
            List<Result> runs,
            java.util.function.ToDoubleFunction<Result> f,
            String format) {
        table.put(
                label,
                String.format(Locale.ROOT, format, medianOf(runs, f)) + spreadOf(runs, f, format));
    }

    static double medianOf(List<Result> runs, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v[(v.length - 1) / 2];
    }

    /** " (median of N runs, x to y)" of {@code f}, formatted by {@code format}. */
    static String spreadOf(
            List<Result> runs, java.util.function.ToDoubleFunction<Result> f, String format) {
        if (runs.size() < 2) {
            return "";
        }
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return String.format(
                Locale.ROOT,
                " (median of %d runs, " + format + " to " + format + ")",
                runs.size(),
                v[0],
                v[v.length - 1]);
    }

    /** " (median of N runs, x to y)" when there were several. */
    static String spread(List<Result> runs) {
        return spread(runs, Result::framesPerSecond);
    }

    static String spread(
            List<Result> runs, java.util.function.ToDoubleFunction<Result> framesPerSecond) {
        return spreadOf(runs, framesPerSecond, "%,.0f");
    }

    void sayPipeline(String label, Result r, double readingsPerFrame) {
        say(
                "%s: %,.0f frames/s, %,.0f readings/s (%.1f s; %,.0f frames/s in the %.1f s from"
                        + " the first frame; %.1f µs CPU a frame in its tasks; the process %.2f"
                        + " cores, the JIT %.1f s; peak heap %,d MB); outputs %s",
                label,
                r.framesPerSecond(),
                r.framesPerSecond() * readingsPerFrame,
                r.seconds(),
                r.framesPerSecondFlowing(),
                r.flowingSeconds(),
                r.taskCpuMicrosPerFrame(),
                r.processCores(),
                r.jitSeconds(),
                r.peakHeapBytes() >> 20,
                new java.util.TreeMap<>(CountingSink.COUNTS));
    }

    /** A run's twelve costliest task chains, CPU µs a frame. */
    void sayTaskCpu(String title, Result r) {
        say(title);
        r.taskCpuNanos().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(12)
                .forEach(
                        e ->
                                say(
                                        "     %-60.60s %6.2f",
                                        e.getKey(), e.getValue() / 1e3 / frames.length));
    }

    /**
     * One run of the job as {@code main} wires it, on the topics of {@code run}, as consumer group
     * and transactional ids {@code ids}: the frames from the raw topic to the end of its commits.
     */
    Result endToEndRun(
            EmbeddedKafka kafka, String run, String ids, Path refDir, ReferenceData reference)
            throws Exception {
        CemsflowSettings settings =
                CemsflowSettings.of(
                        Map.ofEntries(
                                Map.entry("reference.dir", refDir.toString()),
                                Map.entry("kafka.bootstrap-servers", kafka.bootstrap()),
                                Map.entry("kafka.topic.raw", run + ".raw"),
                                Map.entry("kafka.topic.alerts", run + ".alerts"),
                                Map.entry("kafka.topic.dead-letters", run + ".dead-letters"),
                                Map.entry("kafka.topic.marks", run + ".marks"),
                                Map.entry("kafka.topic.feedback", run + ".feedback"),
                                Map.entry("kafka.topic.substitutes", run + ".substitutes"),
                                Map.entry("kafka.topic.reviews", run + ".reviews"),
                                Map.entry("kafka.group-id", ids),
                                Map.entry("kafka.transactional-id-prefix", ids),
                                Map.entry("kafka.bounded", "true"),
                                Map.entry("kafka.starting-offsets", "earliest"),
                                Map.entry("checkpoint.interval", "PT5S"),
                                Map.entry("correlation.enabled", correlation),
                                Map.entry("clickhouse.batch-size", "20000")));
        Configuration conf = CemsflowJob.jobConfiguration(settings);
        conf.setString("restart-strategy.type", "none");
        // checkpoints to files, as on the cluster (the JobManager's memory holds at most 5 MB)
        conf.setString(
                "execution.checkpointing.dir",
                TempDirs.make("cemsflow-bench-ckpt").toUri().toString());
        StreamExecutionEnvironment env = environment(conf);
        CemsflowJob.build(env, settings, reference);
        return timed(() -> env.execute("bench Kafka -> cemsflow -> ClickHouse"), null)
                .counting(frames.length, 0);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    // ------------------------------------------------------------------ C: the bare loop

    record HourKey(String mn, String code, long hour) {}

    Result loop(ReferenceData reference) throws Exception {
        Result r = null;
        for (int round = 0; round < 2; round++) { // the first round warms the JIT
            FrameValidator validator = new FrameValidator(false, -1);
            Map<HourKey, double[]> hours = new HashMap<>();
            long readings = 0;
            long t0 = System.nanoTime();
            for (String f : frames) {
                List<Reading> rs;
                try {
                    rs = validator.validate(f, Long.MAX_VALUE / 2, reference::device).readings();
                } catch (Hj212Exception e) {
                    continue;
                }
                readings += rs.size();
                for (Reading x : rs) {
                    if (x.getKind() == RecordKind.MINUTE && x.getAvg() != null) {
                        double[] acc =
                                hours.computeIfAbsent(
                                        new HourKey(
                                                x.getMn(),
                                                x.getCode(),
                                                LocalTimes.hourStart(x.getDataTime())),
                                        k -> new double[3]);
                        acc[0] += x.getAvg();
                        acc[1]++;
                    }
                }
            }
            for (double[] acc : hours.values()) {
                acc[2] = acc[0] / acc[1];
            }
            r = new Result(frames.length, readings, (System.nanoTime() - t0) / 1e9, 0);
        }
        return r;
    }

    // ------------------------------------------------------------------ A: the pipeline

    /** frames[i] as a raw frame, at a fixed rate when asked, noting when event time passes each hour. */
    static final class FrameAt extends RichMapFunction<Long, RawFrame> {
        private static final long serialVersionUID = 1L;
        private final double rate;
        private transient long start;
        private transient long nextBoundary;

        FrameAt(double rate) {
            this.rate = rate;
        }

        @Override
        public void open(OpenContext ctx) {
            start = System.nanoTime();
            nextBoundary = Long.MIN_VALUE;
        }

        @Override
        public RawFrame map(Long i) throws Exception {
            markFirstInput();
            String text = frames[(int) (long) i];
            if (rate > 0) {
                long due = start + (long) (i / rate * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 200_000) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                // how far the source is: a replayed capture's arrival, else the DataTime
                Long t =
                        arrivals != null
                                ? arrivals[(int) (long) i]
                                : FrameTimestamps.dataTimeOf(text);
                if (t != null) {
                    sourceEventTime = Math.max(sourceEventTime, t);
                    if (nextBoundary == Long.MIN_VALUE) {
                        nextBoundary = LocalTimes.hourStart(t) + 3_600_000L;
                    }
                    while (t >= nextBoundary + OOO_MS) {
                        BOUNDARIES.putIfAbsent(nextBoundary, System.nanoTime());
                        nextBoundary += 3_600_000L;
                    }
                }
            }
            return new RawFrame(
                    text, "bench@" + i, arrivals == null ? 0L : arrivals[(int) (long) i]);
        }
    }

    /**
     * Event time as the job assigns it, its future check against the frame's arrival instead of
     * this machine's clock: a capture replayed years later has the wall clock it had then, so a
     * device whose clock ran ahead does not move the event time of the others (as it cannot live).
     */
    static final class ArrivalClock
            implements org.apache.flink.api.common.eventtime.SerializableTimestampAssigner<
                    RawFrame> {
        private static final long serialVersionUID = 1L;
        private final FrameTimestamps timestamps;
        private final long maxFutureMs =
                CemsflowSettings.defaults()
                        .get(org.cemsflow.config.IngestOptions.MAX_FUTURE)
                        .toMillis();

        ArrivalClock(FrameTimestamps timestamps) {
            this.timestamps = timestamps;
        }

        @Override
        public long extractTimestamp(RawFrame f, long recordTimestamp) {
            long t = timestamps.extractTimestamp(f, recordTimestamp);
            return f.receivedAt > 0 && t > f.receivedAt + maxFutureMs ? Long.MIN_VALUE : t;
        }
    }

    static StreamExecutionEnvironment environment(Configuration conf) {
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return local(conf);
    }

    /**
     * --cluster-per-run: every run starts an embedded cluster of its own, as the benchmark did
     * before stop 37 (false: all runs are jobs submitted to one cluster).
     */
    static boolean clusterPerRun;

    /** The embedded cluster the runs are submitted to, started by the first. */
    private static org.apache.flink.runtime.minicluster.MiniCluster cluster;

    /**
     * An environment of parallelism 2 whose jobs run on one embedded cluster (1 TaskManager, 2
     * slots) that stays up between runs, as jobs are submitted to a running cluster: a cluster
     * started for each run loads Flink's RPC system into a class loader of its own every time, and
     * the JIT compiles it again, on one of the two cores, while the run is measured (in a profile
     * of the benchmark the compiler threads took a core from start to end, and the run's start was
     * about 1.5 s). Every setting of {@code conf} is the job's (state backend, checkpoints, object
     * reuse).
     */
    static synchronized StreamExecutionEnvironment local(Configuration conf) {
        if (clusterPerRun) {
            return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        }
        try {
            if (cluster == null) {
                var c =
                        new org.apache.flink.runtime.minicluster.MiniCluster(
                                new org.apache.flink.runtime.minicluster.MiniClusterConfiguration
                                                .Builder()
                                        .withRandomPorts()
                                        .setConfiguration(new Configuration())
                                        .setNumTaskManagers(1)
                                        .setNumSlotsPerTaskManager(2)
                                        .build());
                c.start();
                cluster = c;
            }
        } catch (Exception e) {
            throw new IllegalStateException("bench: the embedded cluster does not start", e);
        }
        StreamExecutionEnvironment env =
                new StreamExecutionEnvironment(
                        new org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader(
                                cluster),
                        org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader
                                .updateConfigurationForMiniCluster(conf, List.of(), List.of()),
                        Benchmark.class.getClassLoader());
        env.setParallelism(2);
        return env;
    }

    Result pipeline(
            ReferenceData reference,
            double rate,
            boolean checkpoints,
            int points,
            String correlationEnabled)
            throws Exception {
        CountingSink.reset();
        Map<String, String> overrides = new java.util.HashMap<>(EXTRA);
        overrides.put("correlation.enabled", correlationEnabled);
        overrides.put("parallelism", "2");
        CemsflowSettings settings = CemsflowSettings.of(overrides);
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", stateBackend);
        Path ckpt = TempDirs.make("cemsflow-bench-ckpt");
        if (checkpoints) {
            conf.setString("execution.checkpointing.interval", "2 s");
            conf.setString("execution.checkpointing.dir", ckpt.toUri().toString());
            // the snapshots as the job writes them (compressed unless --set says otherwise)
            conf.set(
                    ExecutionOptions.SNAPSHOT_COMPRESSION,
                    settings.get(JobOptions.CHECKPOINT_COMPRESSION));
        }
        StreamExecutionEnvironment env = environment(conf);
        // as fast as it goes: a source subtask per partition of the devices, as from a topic
        // keyed by device; at a rate (latency, state): one source that paces the frames
        int sources = rate > 0 ? 1 : SOURCE_PARALLELISM;
        if (framePartsOf != frames || frameParts.length != sources) {
            // once for the frames, not at each of the runs over them
            frameParts = Partitions.of(frames, Partitions::mnOf, sources);
            framePartsOf = frames;
        }
        DataStream<RawFrame> raw =
                (rate > 0
                                ? env.fromSequence(0, frames.length - 1)
                                        .setParallelism(1)
                                        .name("frame numbers")
                                        .map(new FrameAt(rate))
                                : env.fromSequence(0, Partitions.numbers(frameParts) - 1)
                                        .setParallelism(sources)
                                        .name("frame numbers")
                                        .flatMap(new PartitionedInput<RawFrame>(false)))
                        .setParallelism(sources)
                        .returns(org.cemsflow.ingestion.RawFrameSerializer.TYPE)
                        .name("frames")
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<RawFrame>forBoundedOutOfOrderness(
                                                Duration.ofMillis(OOO_MS))
                                        .withTimestampAssigner(
                                                new ArrivalClock(
                                                        new FrameTimestamps(Long.MAX_VALUE / 4))))
                        .setParallelism(sources);
        DataStream<Mark> marks =
                CemsflowPipelines.empty(env, Mark.class)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Mark>forMonotonousTimestamps()
                                        .withTimestampAssigner((m, t) -> 0L));
        DataStream<Answer> answers =
                CemsflowPipelines.empty(env, Answer.class)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Answer>forMonotonousTimestamps()
                                        .withTimestampAssigner((m, t) -> 0L));
        DataStream<SideInput> limits =
                env.fromData(List.of(SideInput.loaded()), TypeInformation.of(SideInput.class))
                        .assignTimestampsAndWatermarks(SideInputWatermarks.alwaysIdle());
        CemsflowPipelines.Outputs out =
                CemsflowPipelines.define(
                        raw,
                        new CemsflowPipelines.SideInputs(
                                marks,
                                limits,
                                false,
                                answers,
                                CemsflowPipelines.empty(env, Substitute.class),
                                CemsflowPipelines.empty(
                                        env, org.cemsflow.supervision.Review.class)),
                        settings,
                        reference);
        CemsflowPipelines.Analytics an = out.analytics();
        an.hourly().sinkTo(new CountingSink<>("hourly"));
        an.daily().sinkTo(new CountingSink<>("daily"));
        an.alerts().sinkTo(new CountingSink<>("alert events"));
        an.orders().sinkTo(new CountingSink<>("orders"));
        an.quota().sinkTo(new CountingSink<>("quota"));
        out.rejected().sinkTo(new CountingSink<>("dead letters"));
        out.quality().sinkTo(new CountingSink<>("quality"));
        AtomicLong maxCheckpoint = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Map<String, Long>> byOperator =
                new java.util.concurrent.atomic.AtomicReference<>(Map.of());
        Result r =
                timed(
                        () -> env.execute("bench A"),
                        checkpoints
                                ? () -> {
                                    Path newest = newestCheckpoint(ckpt);
                                    long bytes = checkpointBytes(newest);
                                    // read by operator once, when either largest grows
                                    Map<String, Long> ops = null;
                                    if (stateStart != Long.MIN_VALUE && sourceEventTime > 0) {
                                        long period =
                                                (sourceEventTime - stateStart) / statePeriodMs;
                                        if (bytes > STATE_BY_PERIOD.getOrDefault(period, 0L)) {
                                            ops = operatorStateBytes(newest);
                                            STATE_BY_PERIOD.put(period, bytes);
                                            STATE_OPS_BY_PERIOD.put(period, ops);
                                        }
                                    }
                                    if (bytes > maxCheckpoint.get()) {
                                        maxCheckpoint.set(bytes);
                                        if (ops == null) {
                                            ops = operatorStateBytes(newest);
                                        }
                                        if (!ops.isEmpty()) {
                                            byOperator.set(ops);
                                        }
                                    }
                                }
                                : null);
        if (checkpoints) {
            table.put(
                    "checkpointed state per monitoring point ("
                            + traffic
                            + ", "
                            + points
                            + " points)",
                    String.format(Locale.ROOT, "%,.1f KB", maxCheckpoint.get() / 1024.0 / points));
            say(
                    "   largest checkpoint %,d bytes = %,.1f KB per monitoring point; by operator (uid), KB per point:",
                    maxCheckpoint.get(), maxCheckpoint.get() / 1024.0 / points);
            byOperator.get().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> e.getValue() > 0)
                    .forEach(
                            e ->
                                    say(
                                            "     %-40s %,10.2f",
                                            e.getKey(), e.getValue() / 1024.0 / points));
        }
        TempDirs.delete(ckpt);
        lastCheckpointBytes = maxCheckpoint.get();
        lastCheckpointByOperator = byOperator.get();
        return r.counting(frames.length, 0);
    }

    interface Job {
        void run() throws Exception;
    }

    /**
     * Runs a job, sampling the heap and its task threads' CPU time every 20 ms (and an optional
     * probe every 500 ms).
     */
    static Result timed(Job job, Runnable probe) throws Exception {
        System.gc();
        AtomicLong peak = new AtomicLong();
        TaskCpu cpu = new TaskCpu();
        Thread sampler =
                new Thread(
                        () -> {
                            var mem = ManagementFactory.getMemoryMXBean();
                            long n = 0;
                            while (!Thread.currentThread().isInterrupted()) {
                                peak.accumulateAndGet(
                                        mem.getHeapMemoryUsage().getUsed(), Math::max);
                                cpu.sample();
                                if (probe != null && n++ % 25 == 0) {
                                    probe.run();
                                }
                                try {
                                    Thread.sleep(20);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
        FIRST_INPUT.set(0);
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        var jit = ManagementFactory.getCompilationMXBean();
        long cpu0 = os.getProcessCpuTime();
        long jit0 = jit.getTotalCompilationTime();
        long t0 = System.nanoTime();
        job.run();
        long end = System.nanoTime();
        double cores = (os.getProcessCpuTime() - cpu0) / (double) (end - t0);
        double jitSeconds = (jit.getTotalCompilationTime() - jit0) / 1e3;
        double secs = (end - t0) / 1e9;
        sampler.interrupt();
        sampler.join();
        cpu.sample();
        long first = FIRST_INPUT.get();
        return new Result(
                0,
                0,
                secs,
                peak.get(),
                first == 0 ? secs : (end - first) / 1e9,
                cpu.byChain(),
                cores,
                jitSeconds);
    }

    /** The newest complete checkpoint under {@code dir}, or null. */
    static Path newestCheckpoint(Path dir) {
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.filter(
                            p ->
                                    p.getFileName().toString().startsWith("chk-")
                                            && Files.exists(p.resolve("_metadata")))
                    .max(
                            java.util.Comparator.comparingLong(
                                    p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            return null; // Flink deletes the older ones as we look
        }
    }

    /** Size of a checkpoint's files (the heap backend writes full snapshots). */
    static long checkpointBytes(Path chk) {
        if (chk == null) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(chk)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** State size per operator (its uid, else its name) from a checkpoint's metadata. */
    static Map<String, Long> operatorStateBytes(Path chk) {
        Map<String, Long> out = new java.util.TreeMap<>();
        if (chk == null) {
            return out;
        }
        try (var in = new java.io.DataInputStream(Files.newInputStream(chk.resolve("_metadata")))) {
            var meta =
                    org.apache.flink.runtime.checkpoint.Checkpoints.loadCheckpointMetadata(
                            in, Benchmark.class.getClassLoader(), chk.toString());
            for (var op : meta.getOperatorStates()) {
                String name =
                        op.getOperatorUid()
                                .filter(u -> !u.isEmpty())
                                .or(op::getOperatorName)
                                .orElse(op.getOperatorID().toString());
                out.merge(name, op.getStateSize(), Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            out.clear(); // deleted while read: the next checkpoint will do
        }
        return out;
    }

    // ------------------------------------------------------------------ B: Flink SQL

    Result sql(ReferenceData reference, long readingCount) throws Exception {
        // the same decoded readings, decoded before the clock starts
        FrameValidator validator = new FrameValidator(false, -1);
        List<Row> rows = new ArrayList<>((int) readingCount);
        for (String f : frames) {
            try {
                for (Reading x :
                        validator.validate(f, Long.MAX_VALUE / 2, reference::device).readings()) {
                    Double v = x.getAvg() != null ? x.getAvg() : x.getRtd();
                    rows.add(
                            Row.of(
                                    x.getMn(),
                                    x.getCode(),
                                    x.getKind().name(),
                                    v,
                                    Instant.ofEpochMilli(x.getDataTime())));
                }
            } catch (Hj212Exception e) {
                // the dead letters are A's business
            }
        }
        SqlRows.rows = rows.toArray(new Row[0]);
        rows = null;
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.setString("table.local-time-zone", "Asia/Shanghai");
        StreamExecutionEnvironment env = local(conf);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        RowTypeInfo type =
                new RowTypeInfo(
                        new TypeInformation<?>[] {
                            Types.STRING, Types.STRING, Types.STRING, Types.DOUBLE, Types.INSTANT
                        },
                        new String[] {"mn", "code", "kind", "v", "ts"});
        // the same source parallelism and partitions of the devices as A's
        SqlRows.parts =
                Partitions.of(SqlRows.rows, r -> (String) r.getField(0), SOURCE_PARALLELISM);
        DataStream<Row> readings =
                env.fromSequence(0, Partitions.numbers(SqlRows.parts) - 1)
                        .setParallelism(SOURCE_PARALLELISM)
                        .flatMap(new PartitionedInput<Row>(true))
                        .setParallelism(SOURCE_PARALLELISM)
                        .returns(type)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Row>forBoundedOutOfOrderness(
                                                Duration.ofMillis(OOO_MS))
                                        .withTimestampAssigner(
                                                (r, ts) ->
                                                        ((Instant) r.getField(4)).toEpochMilli()))
                        .setParallelism(SOURCE_PARALLELISM);
        t.createTemporaryView(
                "readings",
                t.fromDataStream(
                        readings,
                        Schema.newBuilder()
                                .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
                                .watermark("rowtime", "SOURCE_WATERMARK()")
                                .build()));
        t.executeSql(
                "CREATE TEMPORARY VIEW hourly AS SELECT mn, code, window_start AS hs, window_end AS he, window_time AS ht, "
                        + "AVG(v) AS avg_v, MIN(v) AS min_v, MAX(v) AS max_v, COUNT(*) AS n "
                        + "FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(rowtime), INTERVAL '1' HOUR)) WHERE kind = 'MINUTE' "
                        + "GROUP BY mn, code, window_start, window_end, window_time");
        t.executeSql(
                "CREATE TEMPORARY TABLE hourly_out (mn STRING, code STRING, ws TIMESTAMP(3), avg_v DOUBLE, n BIGINT) "
                        + "WITH ('connector' = 'blackhole')");
        t.executeSql(
                "CREATE TEMPORARY TABLE daily_out (mn STRING, code STRING, ws TIMESTAMP(3), avg_v DOUBLE, hours BIGINT) "
                        + "WITH ('connector' = 'blackhole')");
        t.executeSql(
                "CREATE TEMPORARY TABLE streaks_out (mn STRING, s TIMESTAMP(3), e TIMESTAMP(3), v DOUBLE) "
                        + "WITH ('connector' = 'blackhole')");
        StreamStatementSet set = t.createStatementSet();
        set.addInsertSql("INSERT INTO hourly_out SELECT mn, code, hs, avg_v, n FROM hourly");
        set.addInsertSql(
                "INSERT INTO daily_out SELECT mn, code, window_start, AVG(avg_v), COUNT(*) "
                        + "FROM TABLE(TUMBLE(TABLE hourly, DESCRIPTOR(ht), INTERVAL '1' DAY)) GROUP BY mn, code, window_start, window_end");
        set.addInsertSql(
                "INSERT INTO streaks_out SELECT mn, s, e, v FROM (SELECT * FROM hourly WHERE code = 'a21026') "
                        + "MATCH_RECOGNIZE (PARTITION BY mn ORDER BY ht "
                        + "MEASURES FIRST(A.hs) AS s, LAST(A.he) AS e, AVG(A.avg_v) AS v "
                        + "ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (A{3}) "
                        + "DEFINE A AS A.avg_v > 100 AND (FIRST(A.hs) = A.hs OR A.hs = LAST(A.hs, 1) + INTERVAL '1' HOUR))");
        Result r = timed(() -> set.execute().await(), null);
        SqlRows.rows = null;
        SqlRows.parts = null;
        return r.counting(frames.length, readingCount);
    }

    /** The decoded readings as rows (decoded before B's clock starts). */
    static final class SqlRows {
        static Row[] rows;

        /** The indexes of {@link #rows} of each source subtask ({@link Partitions}). */
        static int[][] parts;

        private SqlRows() {}
    }

    /**
     * Source subtasks of A and B as fast as they go, as from a topic with a partition per
     * subtask keyed by device: at parallelism 1 a single source thread was B's bottleneck (it
     * converts and pre-aggregates each reading), which a data engineer would not leave.
     */
    static final int SOURCE_PARALLELISM = 2;

    /** The indexes of {@link #frames} of each source subtask of the run being built. */
    static int[][] frameParts;

    /** The frames {@link #frameParts} were made from. */
    static String[] framePartsOf;

    /**
     * Inputs split by device into as many parts as source subtasks, each part in the inputs'
     * order (time order): a device's inputs all go through one subtask, in order.
     */
    static final class Partitions {
        private Partitions() {}

        /** The indexes into {@code all} of each of {@code n} parts, by {@code device}. */
        static <T> int[][] of(T[] all, java.util.function.Function<T, String> device, int n) {
            List<List<Integer>> parts = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                parts.add(new ArrayList<>());
            }
            for (int i = 0; i < all.length; i++) {
                parts.get(Math.floorMod(device.apply(all[i]).hashCode(), n)).add(i);
            }
            int[][] out = new int[n][];
            for (int p = 0; p < n; p++) {
                out[p] = parts.get(p).stream().mapToInt(Integer::intValue).toArray();
            }
            return out;
        }

        /** The MN of a frame's text, "" when it has none (its part is then the first). */
        static String mnOf(String text) {
            int at = text.indexOf("MN=");
            int end = at < 0 ? -1 : text.indexOf(';', at);
            return end < 0 ? "" : text.substring(at + 3, end);
        }

        /**
         * How many numbers the sequence source gives for {@code parts}: their count times the
         * largest, so that each subtask gets at least as many numbers as its part has inputs.
         */
        static long numbers(int[][] parts) {
            int largest = 0;
            for (int[] part : parts) {
                largest = Math.max(largest, part.length);
            }
            return (long) parts.length * largest;
        }
    }

    /**
     * A source subtask's part of the inputs, one for each number it gets while its part lasts,
     * none after: the sequence source gives each subtask an equal share of the numbers, not its
     * part's size.
     */
    static final class PartitionedInput<O> extends RichFlatMapFunction<Long, O> {
        private static final long serialVersionUID = 1L;
        private final boolean rows;
        private transient int[] mine;
        private transient int next;

        /**
         * @param rows B's rows ({@link SqlRows#rows}, {@link SqlRows#parts}); else A's frames
         *     ({@link #frames}, {@link #frameParts}), as raw frames. Both are static, as the
         *     inputs are: the job's graph does not carry them.
         */
        PartitionedInput(boolean rows) {
            this.rows = rows;
        }

        @Override
        public void open(OpenContext ctx) {
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            mine = (rows ? SqlRows.parts : frameParts)[subtask];
            next = 0;
        }

        @SuppressWarnings("unchecked")
        @Override
        public void flatMap(Long number, Collector<O> out) {
            if (next < mine.length) {
                markFirstInput();
                int i = mine[next++];
                out.collect(
                        (O) (rows ? SqlRows.rows[i] : new RawFrame(frames[i], "bench@" + i, 0L)));
            }
        }
    }

    // ------------------------------------------------------------------ latency and state

    /**
     * Steady traffic of {@code points} points for {@code days} simulated days as fast as the job
     * takes it (20,000 frames/s at most), a checkpoint every 2 s: the largest checkpoint per point
     * while the source is in each day. State that grows with time shows as a rising series.
     */
    void stateOverDays(int points, int days) throws Exception {
        Path tmp = TempDirs.make("cemsflow-bench-days");
        long start = LocalTimes.parseIso("2026-03-02T00:00:00+08:00");
        SyntheticStream.Options o =
                new SyntheticStream.Options(
                        points, 24 * days, start, true, 0.0, 0, 0.0, 0.05, 20260304L);
        ReferenceData reference = steadyTraffic(o, tmp);
        STATE_BY_PERIOD.clear();
        sourceEventTime = 0;
        Result r = pipelineByPeriod(reference, 20_000, points, start, LocalTimes.DAY_MS);
        String series = statePerPeriod(days, points, day -> "day " + (day + 1));
        say(
                "state over %d simulated days (%d points, %,d frames in %.1f s), largest checkpoint per point, KB: %s",
                days, points, frames.length, r.seconds(), series);
        // the first day a checkpoint completed in: the source may pass day 1 before the first
        var first =
                STATE_BY_PERIOD.entrySet().stream()
                        .filter(e -> e.getKey() >= 0 && e.getValue() > 0)
                        .findFirst()
                        .orElse(Map.entry(0L, 0L));
        Long last = STATE_BY_PERIOD.get((long) days - 1);
        table.put(
                "checkpointed state per point in the first day with a checkpoint / day "
                        + days
                        + " ("
                        + points
                        + " points)",
                String.format(
                        Locale.ROOT,
                        "day %d: %,.1f KB / %,.1f KB",
                        first.getKey() + 1,
                        first.getValue() / 1024.0 / points,
                        last == null ? 0 : last / 1024.0 / points));
    }

    void latency(int points, int hours, double rate) throws Exception {
        String[] saved = frames;
        Path tmp = TempDirs.make("cemsflow-bench-latency");
        SyntheticStream.Options o =
                new SyntheticStream.Options(
                        points,
                        hours,
                        LocalTimes.parseIso("2026-03-02T00:00:00+08:00"),
                        true,
                        0.0,
                        0,
                        0.0,
                        1.0,
                        20260303L);
        Result r = pipeline(steadyTraffic(o, tmp), rate, true, points, correlation);
        List<Long> ms = new ArrayList<>();
        for (long[] a : CountingSink.ALERT_ARRIVALS) {
            // the alert can be decided once event time passes the end of the period that decided it
            Long boundary = BOUNDARIES.get(a[2]);
            if (boundary != null) {
                ms.add((a[1] - boundary) / 1_000_000L);
            }
        }
        ms.sort(null);
        List<Long> eventMinutes = new ArrayList<>();
        for (long[] a : CountingSink.ALERT_ARRIVALS) {
            eventMinutes.add((a[3] - a[2] - OOO_MS) / 60_000L);
        }
        eventMinutes.sort(null);
        say(
                "   event time the source had passed beyond decision + watermark delay when each alert left, minutes: %s",
                eventMinutes);
        long p50 = ms.isEmpty() ? -1 : ms.get(ms.size() / 2);
        long p99 =
                ms.isEmpty()
                        ? -1
                        : ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1));
        say(
                "A  at %,.0f frames/s with checkpoints every 2 s (%d points, %d hours, %,d frames, %.1f s): %d alerts, "
                        + "event-time-to-alert latency beyond the 1 h watermark delay p50 %d ms, p99 %d ms, max %d ms",
                rate,
                points,
                hours,
                frames.length,
                r.seconds(),
                ms.size(),
                p50,
                p99,
                ms.isEmpty() ? -1 : ms.get(ms.size() - 1));
        table.put(
                "alert latency beyond the watermark delay at " + fmt(rate) + " frames/s, p50 / p99",
                p50 + " ms / " + p99 + " ms (" + ms.size() + " alerts)");
        stateOfMorePoints(o, points, rate, tmp);
        realTrafficState(2_000, realRounds, tmp);
        frames = saved;
    }

    /**
     * The same traffic of twice the points (at twice the rate, so each point sends as often): what
     * a point adds to the checkpoint, without the part that does not grow with the points
     * (serializer snapshots, Avro schemas, key-group offsets and timers of each operator and
     * subtask), which the figure per point above shares out among only {@code points} points.
     */
    void stateOfMorePoints(SyntheticStream.Options o, int points, double rate, Path tmp)
            throws Exception {
        long fewer = lastCheckpointBytes;
        Map<String, Long> fewerByOperator = lastCheckpointByOperator;
        SyntheticStream.Options twice =
                new SyntheticStream.Options(
                        2 * points,
                        o.hours(),
                        o.start(),
                        o.realtime(),
                        o.lateShare(),
                        o.lateDelayMs(),
                        o.badShare(),
                        o.exceedingShare(),
                        o.seed());
        pipeline(
                steadyTraffic(twice, tmp.resolve("twice")),
                2 * rate,
                true,
                2 * points,
                correlation);
        table.put(
                "checkpointed state a point more ("
                        + 2 * points
                        + " against "
                        + points
                        + " points)",
                morePoints(fewer, fewerByOperator, points, "at the same rate per point"));
    }

    /**
     * {@link #pipeline} with checkpoints, noting the largest checkpoint while the source was in
     * each period of {@code periodMs} from {@code start} ({@link #STATE_BY_PERIOD}).
     */
    Result pipelineByPeriod(
            ReferenceData reference, double rate, int points, long start, long periodMs)
            throws Exception {
        STATE_BY_PERIOD.clear();
        STATE_OPS_BY_PERIOD.clear();
        sourceEventTime = 0;
        stateStart = start;
        statePeriodMs = periodMs;
        try {
            return pipeline(reference, rate, true, points, correlation);
        } finally {
            stateStart = Long.MIN_VALUE;
        }
    }

    /** The largest checkpoint per point of each of the first {@code periods} periods that had one, KB. */
    static String statePerPeriod(
            int periods, int points, java.util.function.LongFunction<String> label) {
        StringBuilder series = new StringBuilder();
        STATE_BY_PERIOD.forEach(
                (period, bytes) -> {
                    if (period >= 0 && period < periods && bytes > 0) { // 0: no checkpoint yet
                        series.append(series.length() == 0 ? "" : ", ")
                                .append(label.apply(period))
                                .append(
                                        String.format(
                                                Locale.ROOT, " %,.1f", bytes / 1024.0 / points));
                    }
                });
        return series.toString();
    }

    /**
     * Says what the last run's largest checkpoint has more than one of {@code fewer} bytes with
     * {@code points} points fewer, per point, by operator; returns it for the summary table.
     */
    String morePoints(long fewer, Map<String, Long> fewerByOperator, int points, String how) {
        double perPoint = (lastCheckpointBytes - fewer) / 1024.0 / points;
        double fixed = (2.0 * fewer - lastCheckpointBytes) / 1024.0;
        say(
                "   a point more: %,.1f KB (%d against %d points %s); the part that does not"
                        + " grow with the points: %,.0f KB; by operator (uid), KB a point more:",
                perPoint, 2 * points, points, how, fixed);
        lastCheckpointByOperator.entrySet().stream()
                .map(
                        e ->
                                Map.entry(
                                        e.getKey(),
                                        e.getValue()
                                                - fewerByOperator.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() > 0)
                .forEach(
                        e -> say("     %-40s %,10.2f", e.getKey(), e.getValue() / 1024.0 / points));
        return String.format(Locale.ROOT, "%,.1f KB (a fixed %,.0f KB besides)", perPoint, fixed);
    }

    /**
     * State on real traffic: the repository's real captures (nine hours of a province's platform,
     * its devices sending every 5 to 10 minutes, not three times a minute as the synthetic
     * stream's) in the order they arrived, with the wall clock they arrived at ({@link
     * ArrivalClock}), once and twice over (the second copy's devices with MNs of their own, in the
     * reference as the originals are), at {@code ratePerCopy} lines/s a copy with checkpoints: the
     * largest checkpoint per point by the hour the lines arrived in, and what a point adds. The
     * captures' run of consecutive hours (04 to 11) comes {@code rounds} times, each round 8 hours
     * after the one before (DataTimes and arrivals shifted), so that the state is seen past a day.
     */
    void realTrafficState(double ratePerCopy, int rounds, Path tmp) throws Exception {
        Path root = org.cemsflow.testkit.Repository.root();
        List<List<String>> hours = new ArrayList<>();
        List<Long> hourStarts = new ArrayList<>();
        for (Path src : Backfill.captures(root)) {
            hours.add(Backfill.lines(src));
            // named by the hour they arrived in: 2016-08-24-10.h212.gz
            String name = src.getFileName().toString();
            hourStarts.add(
                    LocalTimes.parseIso(
                            name.substring(0, 10) + "T" + name.substring(11, 13) + ":00:00+08:00"));
        }
        long fewer = 0;
        Map<String, Long> fewerByOperator = Map.of();
        int points = 0;
        for (int copies = 1; copies <= 2; copies++) {
            List<String> lines = new ArrayList<>();
            List<Long> arrived = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                int shift = round * RUN_HOURS;
                for (int h = round == 0 ? 0 : 1; h < hours.size(); h++) {
                    // a file holds an hour's arrivals in order: the n-th of N came n/N into it
                    List<String> hour = hours.get(h);
                    long start = hourStarts.get(h) + shift * LocalTimes.HOUR_MS;
                    for (int n = 0; n < hour.size(); n++) {
                        String line = Backfill.shiftLine(hour.get(n), shift);
                        for (int k = 0; k < copies; k++) {
                            lines.add(Backfill.copyLine(line, k));
                            arrived.add(start + LocalTimes.HOUR_MS * n / hour.size());
                        }
                    }
                }
            }
            frames = lines.toArray(new String[0]);
            arrivals = arrived.stream().mapToLong(Long::longValue).toArray();
            ReferenceData reference =
                    copiedReference(root.resolve("scripts/sample/reference"), copies, tmp);
            if (copies == 1) {
                points =
                        (int)
                                Arrays.stream(frames)
                                        .map(org.cemsflow.ingestion.FrameGate::keyOfText)
                                        .filter(mn -> !mn.isEmpty() && reference.device(mn) != null)
                                        .distinct()
                                        .count();
            }
            BOUNDARIES.clear();
            traffic = "real captures, largest over " + (1 + rounds * RUN_HOURS) + " hours";
            Result r =
                    pipelineByPeriod(
                            reference,
                            copies * ratePerCopy,
                            copies * points,
                            LocalTimes.parseIso("2016-08-24T00:00:00+08:00"),
                            LocalTimes.HOUR_MS);
            String series =
                    statePerPeriod(
                            1 + 4 + rounds * RUN_HOURS,
                            copies * points,
                            hour -> String.format(Locale.ROOT, "%02d h", hour));
            say(
                    "   real captures x%d (%d points, %,d lines in %.1f s): largest checkpoint per point by the hour of"
                            + " 2016-08-24 its lines arrived in, KB: %s; outputs %s",
                    copies,
                    copies * points,
                    frames.length,
                    r.seconds(),
                    series,
                    new java.util.TreeMap<>(CountingSink.COUNTS));
            if (copies == 1) {
                fewer = lastCheckpointBytes;
                fewerByOperator = lastCheckpointByOperator;
                operatorsOverTime(points, RUN_HOURS);
            }
        }
        arrivals = null;
        traffic = "steady state";
        table.put(
                "checkpointed state a point more, real captures ("
                        + 2 * points
                        + " against "
                        + points
                        + " points)",
                morePoints(fewer, fewerByOperator, points, "of the real captures"));
    }

    /**
     * Says, by operator, the state per point of the largest checkpoint of every {@code step}-th
     * period and of the last ({@link #STATE_OPS_BY_PERIOD}): what grows with time, and until when.
     */
    void operatorsOverTime(int points, int step) {
        List<Long> periods = new ArrayList<>();
        long last = STATE_BY_PERIOD.isEmpty() ? -1 : STATE_BY_PERIOD.lastKey();
        for (long p : STATE_BY_PERIOD.keySet()) {
            if (STATE_OPS_BY_PERIOD.containsKey(p) && (p % step == 0 || p == last)) {
                periods.add(p);
            }
        }
        if (periods.isEmpty()) {
            return;
        }
        StringBuilder head = new StringBuilder();
        for (long p : periods) {
            head.append(String.format(Locale.ROOT, " %6s", p + " h"));
        }
        say("   by operator over time (uid, KB per point at the hour's largest checkpoint):");
        say("     %-40s%s", "", head);
        Map<String, Long> lastOps = STATE_OPS_BY_PERIOD.get(periods.get(periods.size() - 1));
        lastOps.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 0.1 * 1024 * points)
                .forEach(
                        e -> {
                            StringBuilder row = new StringBuilder();
                            for (long p : periods) {
                                long b = STATE_OPS_BY_PERIOD.get(p).getOrDefault(e.getKey(), 0L);
                                row.append(
                                        String.format(Locale.ROOT, " %6.2f", b / 1024.0 / points));
                            }
                            say("     %-40s%s", e.getKey(), row);
                        });
    }

    /** The consecutive hours of the real captures (04:00 to 12:00 of 2016-08-24). */
    static final int RUN_HOURS = 8;

    /**
     * The reference in {@code dir} with each real device (a point of its own: MN, point and unit
     * alike) listed {@code copies} times, under the MNs {@link Backfill#copyMn} gives its copies.
     */
    static ReferenceData copiedReference(Path dir, int copies, Path tmp) throws IOException {
        Path out = tmp.resolve("real-reference-x" + copies);
        Files.createDirectories(out);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(
                        f,
                        out.resolve(f.getFileName().toString()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<String> rows = Files.readAllLines(dir.resolve("points.csv"), StandardCharsets.UTF_8);
        List<String> copied = new ArrayList<>(rows);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", -1);
            if (f[0].equals(f[1]) && f[0].equals(f[2])) {
                String original = f[0];
                for (int k = 1; k < copies; k++) {
                    String mn = Backfill.copyMn(original, k);
                    f[0] = mn;
                    f[1] = mn;
                    f[2] = mn;
                    copied.add(String.join(",", f));
                }
            }
        }
        Files.write(out.resolve("points.csv"), copied, StandardCharsets.UTF_8);
        return ReferenceData.load(out);
    }

    /** A steady stream's frames (into {@link #frames}) and its reference data. */
    ReferenceData steadyTraffic(SyntheticStream.Options o, Path dir) throws Exception {
        Files.createDirectories(dir);
        SyntheticStream.writeReference(dir.resolve("reference"), o);
        List<String> all = new ArrayList<>();
        SyntheticStream.forEachFrame(o, all::add);
        frames = all.toArray(new String[0]);
        BOUNDARIES.clear();
        return ReferenceData.load(dir.resolve("reference"));
    }

    // ------------------------------------------------------------------ Kafka and ClickHouse

    void endToEnd(ReferenceData reference, Path tmp) throws Exception {
        ClickHouseHttp.migrate();
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            String run = "bench" + System.currentTimeMillis();
            kafka.createTopics(
                    Map.of(
                            run + ".raw",
                            2,
                            run + ".alerts",
                            2,
                            run + ".dead-letters",
                            2,
                            run + ".marks",
                            1,
                            run + ".feedback",
                            1,
                            run + ".substitutes",
                            1,
                            run + ".reviews",
                            1));
            Properties client = new Properties();
            client.setProperty("bootstrap.servers", kafka.bootstrap());
            Replay.Stats produced =
                    Replay.send(
                            out -> {
                                for (String f : frames) {
                                    out.accept(f.getBytes(StandardCharsets.ISO_8859_1));
                                }
                            },
                            run + ".raw",
                            client,
                            0,
                            0,
                            1,
                            false);
            say(
                    "Kafka: %,d frames produced in %.1f s (%,.0f frames/s)",
                    produced.records(),
                    produced.seconds(),
                    produced.records() / produced.seconds());
            // warm-ups as A's: the Kafka client's, the sinks' and the checkpoints' paths are
            // compiled in the first runs, and the job's own again where the Kafka source's types
            // reach call sites A's source never did (their compiled code is thrown away)
            Path refDir = tmp.resolve("reference");
            warmUpUntilCompiled(
                    "A'",
                    1,
                    MAX_END_TO_END_WARM_UPS,
                    w -> endToEndRun(kafka, run, run + "-w" + w, refDir, reference));
            Result r = endToEndRun(kafka, run, run, refDir, reference);
            long hourlyRows =
                    Long.parseLong(
                            ClickHouseHttp.query(
                                            "SELECT count() FROM cemsflow.hourly_means FINAL "
                                                    + "WHERE mn LIKE 'SYN%' AND period_start >= toDateTime('2026-04-06 00:00:00', 'Asia/Shanghai') AND period_start < toDateTime('2026-04-07 00:00:00', 'Asia/Shanghai')")
                                    .trim());
            say(
                    "A' Kafka -> cemsflow -> Kafka (exactly once) + ClickHouse: %,.0f frames/s end to end (%.1f s, %,d hourly rows "
                            + "in ClickHouse; %.1f µs CPU a frame in its tasks; the process %.2f cores, the JIT %.1f s)",
                    r.framesPerSecond(),
                    r.seconds(),
                    hourlyRows,
                    r.taskCpuMicrosPerFrame(),
                    r.processCores(),
                    r.jitSeconds());
            sayTaskCpu("A' tasks, CPU µs a frame:", r);
            table.put(
                    "A' end to end: real Kafka in, Kafka + ClickHouse out, frames/s",
                    fmt(r.framesPerSecond()));
            table.put(
                    "A' end to end: CPU a frame in its tasks, µs",
                    String.format(Locale.ROOT, "%.2f", r.taskCpuMicrosPerFrame()));
        }
        clickHouseSink();
    }

    /**
     * The ClickHouse sink alone: 5,000,000 hourly rows ({@code -Dbench.sink-rows}) into the real
     * server, as a province's hours look (10,000 devices, 500 hours: one or two monthly partitions), into a copy of hourly_means that is dropped
     * after; batches of 100,000, inserted as each 2-second checkpoint completes (the sink writes
     * nothing before its checkpoint). The rate is from the first row made to the last committed; the
     * whole job's time, start included, is printed too. A first run is not counted: as A's and B's
     * warm-ups, it compiles the sink's code and grows the heap into the pages a long-running task
     * manager has long touched (a page's first touch cost seconds of kernel time a run here).
     */
    void clickHouseSink() throws Exception {
        // enough rows that the steady rate, not the job's start and last checkpoint, decides
        int n = Integer.getInteger("bench.sink-rows", 5_000_000);
        ClickHouseHttp.migrate();
        SinkRun warm = sinkRun(n);
        say("warm-up run of the ClickHouse sink (not counted): %,.0f rows/s", n / warm.flowing());
        SinkRun r = sinkRun(n);
        say(
                "ClickHouse sink: %,d hourly rows, %.1f s from the first row made to the last committed = %,.0f rows/s"
                        + " (RowBinary over HTTP, batches of 100,000, parallelism 2, a checkpoint every 2 s;"
                        + " %.1f s = %,.0f rows/s with the job's start; %,d rows in the table)",
                n, r.flowing(), n / r.flowing(), r.job(), n / r.job(), r.stored());
        table.put("ClickHouse sink into the server, rows/s", fmt(n / r.flowing()));
    }

    /**
     * One run of the sink benchmark: seconds from the first row made to the last committed, the
     * job's seconds, and the rows the table then held.
     */
    record SinkRun(double flowing, double job, long stored) {}

    SinkRun sinkRun(int n) throws Exception {
        int devices = 10_000;
        String copy = "cemsflow.bench_hourly_means";
        ClickHouseHttp.query("DROP TABLE IF EXISTS " + copy);
        ClickHouseHttp.query("CREATE TABLE " + copy + " AS cemsflow.hourly_means");
        CemsflowSettings settings = CemsflowSettings.of(Map.of("clickhouse.batch-size", "100000"));
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "2 s");
        conf.setString(
                "execution.checkpointing.dir",
                TempDirs.make("cemsflow-bench-ckpt").toUri().toString());
        StreamExecutionEnvironment env = environment(conf);
        long start = LocalTimes.parseIso("2026-04-01T00:00:00+08:00");
        FIRST_SINK_ROW.set(0);
        // the devices' identities made once, as a job's rows share them: a String.format per row
        // would be the generator's cost, on the cores the sink and the server share
        String[][] ids = new String[devices][];
        for (int d = 0; d < devices; d++) {
            ids[d] =
                    new String[] {
                        String.format(Locale.ROOT, "BENCH%05d", d),
                        "bench-" + d,
                        "bench-unit-" + d / 4
                    };
        }
        env.fromSequence(0, n - 1)
                .map(
                        i -> {
                            FIRST_SINK_ROW.compareAndSet(0, System.nanoTime());
                            String[] id = ids[(int) (i % devices)];
                            Aggregate a = new Aggregate();
                            a.setMn(id[0]);
                            a.setPointId(id[1]);
                            a.setUnitId(id[2]);
                            a.setPollutant("a21026");
                            a.setPeriod(AggregatePeriod.HOUR);
                            a.setPeriodStart(start + i / devices * 3_600_000L);
                            a.setAvg(1.0 * i);
                            a.setMin(0.0);
                            a.setMax(2.0 * i);
                            a.setCoverageMin(60);
                            a.setValid(true);
                            a.setSource("MINUTE");
                            a.setRevision(0);
                            return a;
                        })
                // the type the job's hourly stream has (its copy between chained operators is
                // field by field, not Avro's generic deep copy)
                .returns(AggregateSerializer.TYPE)
                .sinkTo(ClickHouseTables.hourly(settings, copy));
        Result r = timed(() -> env.execute("bench ClickHouse sink"), null);
        double flowing = (System.nanoTime() - FIRST_SINK_ROW.get()) / 1e9;
        long stored = Long.parseLong(ClickHouseHttp.query("SELECT count() FROM " + copy).trim());
        ClickHouseHttp.query("DROP TABLE IF EXISTS " + copy);
        return new SinkRun(flowing, r.seconds(), stored);
    }

    // ------------------------------------------------------------------ JMH

    /** One fork of a JMH class: {@code warmups} and {@code iterations} of a second each. */
    static java.util.Collection<RunResult> jmh(Class<?> benchmarks, int warmups, int iterations)
            throws Exception {
        return new Runner(
                        new OptionsBuilder()
                                .include(benchmarks.getName())
                                .forks(1)
                                .warmupIterations(warmups)
                                .warmupTime(TimeValue.seconds(1))
                                .measurementIterations(iterations)
                                .measurementTime(TimeValue.seconds(1))
                                .jvmArgsAppend("-Xmx1g")
                                .build())
                .run();
    }

    void jmh() throws Exception {
        List<RunResult> results = new ArrayList<>(jmh(Hj212CodecBench.class, 4, 5));
        // the device rules run an operator with its state: longer to warm up, noisier
        results.addAll(jmh(DeviceRulesBench.class, 8, 10));
        for (RunResult rr : results) {
            var s = rr.getPrimaryResult();
            String benchmark = rr.getParams().getBenchmark();
            String name =
                    benchmark.contains(DeviceRulesBench.class.getSimpleName())
                            ? "device rules"
                            : "codec " + benchmark.replaceAll(".*\\.", "");
            say("JMH %-21s %,8.0f ns/frame (+- %,.0f)", name, s.getScore(), s.getScoreError());
            table.put(
                    "JMH " + name + ", ns/frame",
                    String.format(Locale.ROOT, "%,.0f", s.getScore()));
        }
    }
}
