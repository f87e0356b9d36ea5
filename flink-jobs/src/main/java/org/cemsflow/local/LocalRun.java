package org.cemsflow.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.cemsflow.CemsflowPipelines;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.Commands;
import org.cemsflow.config.JobOptions;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.ingestion.DecodedFrameSerializer;
import org.cemsflow.protocol.RejectReason;
import org.cemsflow.quota.QuotaUsage;
import org.cemsflow.quota.Substitute;
import org.cemsflow.quota.SubstitutesFile;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.MarksFile;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;
import org.cemsflow.supervision.Answer;
import org.cemsflow.supervision.FeedbackFile;
import org.cemsflow.supervision.Lead;
import org.cemsflow.supervision.Order;
import org.cemsflow.supervision.Review;
import org.cemsflow.supervision.ReviewsFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cemsflow run-local}: every pipeline on an embedded Flink over bounded input. Lines are
 * classified and accepted readings sorted by event time before the pipeline, so the output does
 * not depend on the order of the input lines; the units run in passes ({@link LocalPasses}), so
 * memory is bounded by a pass's devices, and the rows stream to their files ({@link FinalRows}).
 */
public final class LocalRun {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

    /** Where the pipeline's keyed state lives. */
    public enum StateBackend {
        /** Heap for a pass of up to {@link #HEAP_DEVICES} devices, RocksDB (on disk) for more. */
        AUTO,
        HEAP,
        ROCKSDB
    }

    /**
     * Devices of a pass whose state the heap backend holds in run-local's heap (1.5 GB): a
     * device's state is 100 to 300 KB (the benchmark's state per point), so a few thousand take
     * most of it. Beyond, RocksDB keeps the state on disk.
     */
    static final int HEAP_DEVICES = 4_000;

    /**
     * Devices a pass of run-local takes by default ({@link LocalPasses}): their state fits the heap
     * with room for the sort and the outputs (some 130 KB a device), and a pass costs about a
     * second of set-up, so a province of 10,000 devices takes five.
     */
    static final int DEVICES_PER_PASS = 2_000;

    /** Parsed command line of run-local. */
    public record Options(
            List<String> inputs,
            Path reference,
            boolean acceptUnknown,
            Path out,
            Map<String, String> settings,
            Path marks,
            Path feedback,
            Path substitutes,
            Path reviews,
            StateBackend stateBackend,
            int devicesPerPass,
            boolean keepRows) {
        public Options(
                List<String> inputs,
                Path reference,
                boolean acceptUnknown,
                Path out,
                Map<String, String> settings,
                Path marks,
                Path feedback,
                Path substitutes,
                Path reviews) {
            this(
                    inputs,
                    reference,
                    acceptUnknown,
                    out,
                    settings,
                    marks,
                    feedback,
                    substitutes,
                    reviews,
                    StateBackend.AUTO,
                    DEVICES_PER_PASS,
                    true);
        }

        /**
         * These options with the state in {@code backend}, in passes of {@code devicesPerPass}
         * devices, the rows kept in the result or not.
         */
        public Options with(StateBackend backend, int devicesPerPass, boolean keepRows) {
            return new Options(
                    inputs,
                    reference,
                    acceptUnknown,
                    out,
                    settings,
                    marks,
                    feedback,
                    substitutes,
                    reviews,
                    backend,
                    devicesPerPass,
                    keepRows);
        }

        public Options(
                List<String> inputs,
                Path reference,
                boolean acceptUnknown,
                Path out,
                Map<String, String> settings) {
            this(inputs, reference, acceptUnknown, out, settings, null, null, null, null);
        }

        public Options(
                List<String> inputs,
                Path reference,
                boolean acceptUnknown,
                Path out,
                Map<String, String> settings,
                Path marks,
                Path feedback,
                Path substitutes) {
            this(
                    inputs,
                    reference,
                    acceptUnknown,
                    out,
                    settings,
                    marks,
                    feedback,
                    substitutes,
                    null);
        }
    }

    /** What a run produced, for callers and tests. */
    public record Result(
            LocalIngest.Counts counts,
            long hourlyRows,
            long dailyRows,
            /** The hourly rows as written (empty unless {@link Options#keepRows}). */
            List<Aggregate> hourly,
            /** The daily rows as written (empty unless {@link Options#keepRows}). */
            List<Aggregate> daily,
            List<RejectedFrame> late,
            List<AlertEvent> alertEvents,
            List<Order> orders,
            List<Lead> leads,
            /** The latest usage per unit, pollutant, year and month (not every version). */
            List<QuotaUsage> quota,
            long elapsedMs) {}

    /** {@code cemsflow run-local}. */
    @Command(
            name = "run-local",
            description =
                    "Run every pipeline over bounded inputs on an embedded Flink and write the outputs as files.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Option(
                names = "--input",
                required = true,
                arity = "1..*",
                paramLabel = "PATH",
                description = "frame files or directories (.h212, .h212.gz, .log)")
        List<String> inputs;

        @Option(
                names = "--reference",
                paramLabel = "DIR",
                description = "points.csv, limits.csv, permits.csv, meters.csv")
        Path reference;

        @Option(
                names = "--accept-unknown",
                description = "without a reference: every MN is a point of its own")
        boolean acceptUnknown;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "the output directory")
        Path out;

        @Option(names = "--marks", paramLabel = "FILE", description = "units' marks, JSON lines")
        Path marks;

        @Option(
                names = "--feedback",
                paramLabel = "FILE",
                description = "units' answers, JSON lines")
        Path feedback;

        @Option(
                names = "--substitutes",
                paramLabel = "FILE",
                description = "manual substitute data, JSON lines")
        Path substitutes;

        @Option(
                names = "--reviews",
                paramLabel = "FILE",
                description = "the regulator's reviews of leads, JSON lines")
        Path reviews;

        @Option(
                names = "--state-backend",
                paramLabel = "KIND",
                description =
                        "where the pipeline's state lives: ${COMPLETION-CANDIDATES} (default auto: heap for"
                                + " a pass of up to 4,000 devices, RocksDB on disk for more)")
        StateBackend stateBackend = StateBackend.AUTO;

        @Option(
                names = "--devices-per-pass",
                paramLabel = "N",
                description =
                        "units are run in passes of about this many devices, so memory is bounded by"
                                + " a pass, not by the input (default ${DEFAULT-VALUE})")
        int devicesPerPass = DEVICES_PER_PASS;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a setting (repeatable)")
        Map<String, String> settings = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            if (reference == null && !acceptUnknown) {
                throw new Commands.UsageError("give --reference DIR or --accept-unknown");
            }
            Options options =
                    new Options(
                            inputs,
                            reference,
                            acceptUnknown,
                            out,
                            settings,
                            marks,
                            feedback,
                            substitutes,
                            reviews,
                            stateBackend,
                            devicesPerPass,
                            false); // the rows stream to their files
            if (devicesPerPass < 1) {
                throw new Commands.UsageError("--devices-per-pass must be at least 1");
            }
            org.cemsflow.protocol.DeviceKeys
                    .fromEnvironment(); // a keys file that does not parse stops the run
            Result r;
            try {
                r = run(options);
            } catch (java.io.IOException e) {
                System.err.println("run-local: " + e.getMessage());
                return Commands.USAGE;
            }
            summarize(r, options);
            return Commands.OK;
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }

    private static void summarize(Result r, Options options) {
        LocalIngest.Counts c = r.counts();
        System.err.printf(
                "cemsflow run-local: %,d lines, %,d accepted (%,d non-data), %,d duplicates, %,d rejected %s,"
                        + " %,d readings -> %,d hourly rows, %,d daily rows, alerts %s in %.1f s (%,.0f lines/s)%n",
                c.lines,
                c.accepted,
                c.nonDataFrames,
                c.duplicates,
                c.rejectedTotal(),
                c.rejected,
                c.readings,
                r.hourlyRows(),
                r.dailyRows(),
                LocalOutputs.alertCounts(r.alertEvents()),
                r.elapsedMs() / 1000.0,
                c.lines * 1000.0 / Math.max(1, r.elapsedMs()));
        System.err.println("output in " + options.out());
    }

    public static Result run(Options options) throws Exception {
        long started = System.currentTimeMillis();
        CemsflowSettings settings = CemsflowSettings.of(options.settings());
        LOG.info(settings.describe());
        ReferenceData reference =
                options.reference() == null
                        ? ReferenceData.empty()
                        : ReferenceData.load(options.reference());
        Files.createDirectories(options.out());

        try (BufferedWriter rejected =
                Files.newBufferedWriter(
                        options.out().resolve("rejected.jsonl"), StandardCharsets.UTF_8)) {
            // a lane of the sort per subtask: a pass's file of a subtask takes one lane's readings
            int parallelism = parallelism(settings);
            try (LocalIngest ingest =
                    new LocalIngest(
                            reference,
                            options.acceptUnknown(),
                            r -> LocalOutputs.writeRejected(rejected, r),
                            parallelism,
                            mn ->
                                    PartitionedReadings.subtaskOf(
                                            mn, MAX_PARALLELISM, parallelism))) {
                return run(options, settings, started, rejected, ingest);
            }
        }
    }

    private static Result run(
            Options options,
            CemsflowSettings settings,
            long started,
            BufferedWriter rejected,
            LocalIngest ingest)
            throws Exception {
        for (Path file : LocalIngest.expand(options.inputs())) {
            System.err.println("reading " + file);
            ingest.readFile(file);
        }
        ingest.finish();
        LocalIngest.Counts counts = ingest.counts();
        List<Mark> marks =
                sideInput(
                        options.marks(),
                        MarksFile::read,
                        Comparator.comparingLong((Mark m) -> m.markedAt).thenComparing(m -> m.mn),
                        counts,
                        rejected);
        List<Answer> answers =
                sideInput(
                        options.feedback(),
                        FeedbackFile::read,
                        Comparator.comparingLong((Answer x) -> x.answeredAt)
                                .thenComparing(x -> x.source),
                        counts,
                        rejected);
        List<Review> reviews =
                sideInput(
                        options.reviews(),
                        ReviewsFile::read,
                        Comparator.comparingLong((Review x) -> x.reviewedAt)
                                .thenComparing(x -> x.source),
                        counts,
                        rejected);
        List<Substitute> substitutes =
                sideInput(
                        options.substitutes(),
                        SubstitutesFile::read,
                        Comparator.comparingLong((Substitute x) -> x.from)
                                .thenComparing(x -> x.pointId),
                        counts,
                        rejected);
        // units in passes, so that memory is bounded by a pass's devices (the plan needs only
        // the units, known before the sort; the effective reference is complete after it)
        LocalPasses passes =
                LocalPasses.plan(ingest.effectiveReference(), options.devicesPerPass());
        // a file per pass and subtask: each subtask of a pass reads the devices keyBy(MN) sends it
        int parallelism = parallelism(settings);
        List<Path> sorted = new ArrayList<>();
        try (FinalRows hourlyRows = new FinalRows();
                FinalRows dailyRows = new FinalRows();
                LocalCluster cluster = new LocalCluster(clusterConf(), parallelism)) {
            for (int p = 0; p < passes.count(); p++) {
                for (int i = 0; i < parallelism; i++) {
                    sorted.add(
                            Files.createTempFile("cemsflow-readings-" + p + "-" + i + "-", ".bin"));
                }
            }
            ingest.writeSorted(
                    sorted,
                    r ->
                            passes.ofMn(r.getMn()) * parallelism
                                    + PartitionedReadings.subtaskOf(
                                            r.getMn(), MAX_PARALLELISM, parallelism));
            long read = System.currentTimeMillis();
            System.err.printf(
                    "classified %,d lines and sorted %,d readings in %.1f s%n",
                    counts.lines, counts.readings, (read - started) / 1000.0);
            ReferenceData effective = ingest.effectiveReference();
            Outputs outputs = new Outputs();
            for (int p = 0; p < passes.count(); p++) {
                int pass = p;
                // a pass starts from the live set, not from the garbage of the classification and
                // the passes before, which the throughput collector would keep until its heap is
                // full: the heap's peak is then a pass's, however large the input
                System.gc();
                if (passes.count() > 1) {
                    System.err.printf(
                            "pass %d of %d: %,d devices%n",
                            pass + 1, passes.count(), passes.devices(pass));
                }
                List<Path> files = sorted.subList(pass * parallelism, (pass + 1) * parallelism);
                outputs.add(
                        runPipelines(
                                new PartitionedReadings(files, MAX_PARALLELISM),
                                only(marks, m -> passes.ofMn(m.mn) == pass),
                                answers,
                                only(substitutes, x -> passes.ofPoint(x.pointId) == pass),
                                reviews,
                                settings,
                                passes.reference(effective, pass),
                                ingest.eventTimeEnd(),
                                onDisk(options.stateBackend(), passes.devices(pass)),
                                cluster,
                                hourlyRows,
                                dailyRows));
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
            cluster.close(); // its threads and memory are not needed for the files
            System.err.printf(
                    "pipelines done in %.1f s%n", (System.currentTimeMillis() - read) / 1000.0);
            // answers to no alert are rejected lines of the feedback file; late readings are
            // not lines
            List<RejectedFrame> late = outputs.late(passes.count());
            for (RejectedFrame r : late) {
                LocalOutputs.writeRejected(rejected, r);
                if (r.getReason().equals(RejectReason.UNKNOWN_ALERT.name())) {
                    counts.lines++;
                    counts.rejected.merge(r.getReason(), 1L, Long::sum);
                }
            }
            List<Aggregate> hourly = new ArrayList<>();
            long hourlyCount =
                    writeRows(options.out().resolve("hourly.csv"), hourlyRows, hourly, options);
            List<Aggregate> daily = new ArrayList<>();
            long dailyCount =
                    writeRows(options.out().resolve("daily.csv"), dailyRows, daily, options);
            LocalOutputs.writeAlerts(options.out(), outputs.alerts);
            LocalOutputs.writeOrders(options.out().resolve("orders.csv"), outputs.orders);
            LocalOutputs.writeLeads(options.out().resolve("leads.csv"), outputs.leads);
            LocalOutputs.writeQuota(
                    options.out().resolve("quota.csv"),
                    outputs.quota,
                    effective.permits(),
                    ingest.eventTimeEnd());
            LocalOutputs.writeSummary(
                    options.out().resolve("summary.json"), counts, outputs.alerts);
            return new Result(
                    counts,
                    hourlyCount,
                    dailyCount,
                    hourly,
                    daily,
                    late,
                    outputs.alerts,
                    outputs.orders,
                    outputs.leads,
                    outputs.quota,
                    System.currentTimeMillis() - started);
        } finally {
            for (Path f : sorted) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static <T> List<T> only(List<T> all, java.util.function.Predicate<T> test) {
        return all.stream().filter(test).toList();
    }

    /** Writes the final rows to {@code file} as they stream from the sort; keeps them when asked. */
    private static long writeRows(Path file, FinalRows rows, List<Aggregate> kept, Options options)
            throws IOException {
        long[] n = new long[1];
        try (LocalOutputs.AggregateCsv csv = new LocalOutputs.AggregateCsv(file)) {
            rows.forEachFinal(
                    a -> {
                        csv.write(a);
                        n[0]++;
                        if (options.keepRows()) {
                            kept.add(a);
                        }
                    });
        }
        return n[0];
    }

    /** Whether the state goes to RocksDB: asked for, or chosen for the number of devices. */
    static boolean onDisk(StateBackend asked, int devices) {
        boolean available;
        try {
            Class.forName(ROCKSDB_CLASS, false, LocalRun.class.getClassLoader());
            available = true;
        } catch (ClassNotFoundException e) {
            available = false;
        }
        boolean rocksdb =
                asked == StateBackend.ROCKSDB
                        || (asked == StateBackend.AUTO && devices > HEAP_DEVICES && available);
        if (rocksdb && !available) {
            throw new IllegalStateException(
                    "--state-backend rocksdb: flink-statebackend-rocksdb is not on the classpath");
        }
        System.err.printf(
                "%,d devices: state %s%n",
                devices, rocksdb ? "in RocksDB (on disk)" : "on the heap");
        return rocksdb;
    }

    private static final String ROCKSDB_CLASS =
            "org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend";

    /** How a side-input file is read: its records, each line that does not parse reported. */
    @FunctionalInterface
    private interface SideInputFile<T> {
        List<T> read(Path file, BiConsumer<Integer, String> bad) throws IOException;
    }

    /**
     * A side-input file's records in event-time order (none when the file is not given); its bad
     * lines are rejected lines of the run.
     */
    private static <T> List<T> sideInput(
            Path file,
            SideInputFile<T> reader,
            Comparator<T> order,
            LocalIngest.Counts counts,
            BufferedWriter rejected)
            throws IOException {
        if (file == null) {
            return List.of();
        }
        List<T> records =
                new ArrayList<>(
                        reader.read(
                                file,
                                (line, why) -> badSideInput(file, line, why, counts, rejected)));
        records.sort(order);
        return records;
    }

    /** A line of a side-input file that does not parse: a rejected line of the run, so the summary adds up. */
    private static void badSideInput(
            Path file, int line, String why, LocalIngest.Counts counts, BufferedWriter rejected) {
        counts.lines++;
        counts.rejected.merge(RejectReason.BAD_INPUT.name(), 1L, Long::sum);
        LocalOutputs.writeRejected(
                rejected,
                new RejectedFrame(
                        RejectReason.BAD_INPUT.name(),
                        why,
                        LocalOutputs.lineOf(file, line),
                        file + ":" + line,
                        null,
                        null,
                        null));
    }

    /**
     * What the passes produced besides the rows. Answers and reviews go to every pass (their alert
     * ids do not say the unit), so one to an alert of another pass is UNKNOWN_ALERT there: it is
     * rejected only when every pass rejected it.
     */
    private static final class Outputs {
        final List<RejectedFrame> late = new ArrayList<>();
        final List<AlertEvent> alerts = new ArrayList<>();
        final List<Order> orders = new ArrayList<>();
        final List<Lead> leads = new ArrayList<>();
        final List<QuotaUsage> quota = new ArrayList<>();

        void add(Outputs pass) {
            late.addAll(pass.late);
            alerts.addAll(pass.alerts);
            orders.addAll(pass.orders);
            leads.addAll(pass.leads);
            quota.addAll(pass.quota);
        }

        List<RejectedFrame> late(int passes) {
            if (passes == 1) {
                return late;
            }
            Map<RejectedFrame, Integer> unknown = new LinkedHashMap<>();
            List<RejectedFrame> out = new ArrayList<>();
            for (RejectedFrame r : late) {
                if (r.getReason().equals(RejectReason.UNKNOWN_ALERT.name())) {
                    if (unknown.merge(r, 1, Integer::sum) == passes) {
                        out.add(r);
                    }
                } else {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /** A side input from a file, sorted, in event time (its end ends event time, as the input's does). */
    private static <T> DataStream<T> inOrder(
            StreamExecutionEnvironment env,
            List<T> sorted,
            Class<T> type,
            SerializableTimestampAssigner<T> time,
            String name) {
        return (sorted.isEmpty()
                        ? CemsflowPipelines.empty(env, type)
                        : env.fromData(sorted, TypeInformation.of(type)))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<T>forMonotonousTimestamps().withTimestampAssigner(time))
                .name(name);
    }

    /**
     * Key groups of a local run's pipelines: fixed, because the sorted files are split by the
     * subtask each device's key group goes to before the pipelines are built.
     */
    static final int MAX_PARALLELISM = 128;

    /**
     * The run's cluster: RocksDB's memory (block cache, write buffers) within 256 MB when a pass
     * keeps its state there; the heap backend does not use this memory.
     */
    private static Configuration clusterConf() {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("256m"));
        return conf;
    }

    /** The pipelines' parallelism: the configured one, at most a subtask per core. */
    static int parallelism(CemsflowSettings settings) {
        return Math.min(
                settings.get(JobOptions.PARALLELISM), Runtime.getRuntime().availableProcessors());
    }

    private static Outputs runPipelines(
            PartitionedReadings sortedReadings,
            List<Mark> marks,
            List<Answer> answers,
            List<Substitute> substitutes,
            List<Review> reviews,
            CemsflowSettings settings,
            ReferenceData reference,
            long eventTimeEnd,
            boolean rocksdb,
            LocalCluster cluster,
            FinalRows hourlyRows,
            FinalRows dailyRows)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (rocksdb) {
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        }
        // the run's cluster from main; the test cluster's when called inside a test
        StreamExecutionEnvironment env = cluster.environment(conf);
        env.setParallelism(sortedReadings.parallelism());
        env.setMaxParallelism(sortedReadings.maxParallelism());
        // each subtask's uploads in event-time order, partitioned by MN as keyBy would
        DataStream<DecodedFrame> uploads =
                env.fromSource(
                                sortedReadings,
                                WatermarkStrategy.<DecodedFrame>forMonotonousTimestamps()
                                        .withTimestampAssigner((u, ts) -> u.dataTime),
                                "sorted readings",
                                DecodedFrameSerializer.TYPE)
                        .setParallelism(sortedReadings.parallelism())
                        .map(new DeviceEnrichment(reference))
                        .returns(DecodedFrameSerializer.TYPE)
                        .name("devices from the effective reference")
                        .setParallelism(sortedReadings.parallelism());
        // side inputs in event-time order too: marks by the time they were made, and so on
        DataStream<SideInput> limits =
                env.fromData(List.of(SideInput.loaded()), TypeInformation.of(SideInput.class))
                        .name("limits (from the reference directory)");
        CemsflowPipelines.Analytics out =
                CemsflowPipelines.analytics(
                        uploads,
                        null,
                        new CemsflowPipelines.SideInputs(
                                inOrder(env, marks, Mark.class, (m, ts) -> m.markedAt, "marks"),
                                limits,
                                false,
                                inOrder(
                                        env,
                                        answers,
                                        Answer.class,
                                        (a, ts) -> a.answeredAt,
                                        "feedback"),
                                inOrder(
                                        env,
                                        substitutes,
                                        Substitute.class,
                                        (x, ts) -> x.from,
                                        "substitutes"),
                                inOrder(
                                        env,
                                        reviews,
                                        Review.class,
                                        (r, ts) -> r.reviewedAt,
                                        "reviews")),
                        settings,
                        reference,
                        eventTimeEnd);
        // outputs to the run's threads in this process, not through the collect sinks' sockets
        // and RPC (InProcessOutput)
        List<InProcessOutput.Channel<?>> channels = new ArrayList<>();
        InProcessOutput.Channel<Aggregate> hourly = attach(channels, out.hourly(), "hourly rows");
        InProcessOutput.Channel<Aggregate> daily = attach(channels, out.daily(), "daily rows");
        InProcessOutput.Channel<RejectedFrame> late = attach(channels, out.late(), "late readings");
        InProcessOutput.Channel<AlertEvent> alerts = attach(channels, out.alerts(), "alert events");
        InProcessOutput.Channel<Order> orders = attach(channels, out.orders(), "orders");
        InProcessOutput.Channel<Lead> leads = attach(channels, out.leads(), "leads");
        InProcessOutput.Channel<QuotaUsage> quota = attach(channels, out.quota(), "quota usage");
        ExecutorService pool = Executors.newFixedThreadPool(7);
        JobClient job = null;
        try {
            job = env.executeAsync("cemsflow run-local");
            CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();
            Future<?> h = pool.submit(() -> into(hourly.until(done), hourlyRows));
            Future<?> d = pool.submit(() -> into(daily.until(done), dailyRows));
            Future<List<RejectedFrame>> l = pool.submit(() -> drain(late.until(done)));
            Future<List<AlertEvent>> a = pool.submit(() -> drain(alerts.until(done)));
            Future<List<Order>> o = pool.submit(() -> drain(orders.until(done)));
            Future<List<QuotaUsage>> q = pool.submit(() -> latest(quota.until(done)));
            Future<List<Lead>> ld = pool.submit(() -> drain(leads.until(done)));
            h.get();
            d.get();
            Outputs result = new Outputs();
            result.late.addAll(l.get());
            result.alerts.addAll(a.get());
            result.orders.addAll(o.get());
            result.quota.addAll(q.get());
            result.leads.addAll(ld.get());
            done.get();
            return result;
        } finally {
            // a reader that failed leaves its writers failing, not waiting: the job ends
            channels.forEach(InProcessOutput.Channel::close);
            pool.shutdownNow();
            if (job != null && !job.getJobExecutionResult().isDone()) {
                job.cancel();
            }
        }
    }

    /** {@link InProcessOutput#attach}, the channel kept among {@code channels}. */
    private static <T> InProcessOutput.Channel<T> attach(
            List<InProcessOutput.Channel<?>> channels, DataStream<T> stream, String name) {
        InProcessOutput.Channel<T> channel = InProcessOutput.attach(stream, name);
        channels.add(channel);
        return channel;
    }

    private static Void into(CloseableIterator<Aggregate> it, FinalRows rows) throws Exception {
        try (it) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return null;
    }

    /**
     * The latest version of each unit's usage per pollutant, year and month, in the order those
     * versions came: what quota.csv and callers read of the versions the tracker emits (one an
     * hour), which would otherwise grow with the input. Of one month, a later version replaces an
     * earlier, and the later of two equal ones wins, as in {@link LocalOutputs#writeQuota}.
     */
    static List<QuotaUsage> latest(CloseableIterator<QuotaUsage> it) throws Exception {
        Map<String, QuotaUsage> last = new LinkedHashMap<>();
        try (it) {
            while (it.hasNext()) {
                QuotaUsage u = it.next();
                String key = u.unitId + "|" + u.pollutant + "|" + u.year + "|" + u.month;
                QuotaUsage before = last.get(key);
                if (before == null || u.version >= before.version) {
                    last.remove(key); // to the end: the order is that of the versions kept
                    last.put(key, u);
                }
            }
        }
        return new ArrayList<>(last.values());
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> all = new ArrayList<>();
        try (it) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
