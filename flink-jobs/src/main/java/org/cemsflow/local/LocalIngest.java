package org.cemsflow.local;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.ingestion.FrameValidator;
import org.cemsflow.model.Codes;
import org.cemsflow.model.Lines;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.protocol.Hj212Frame;
import org.cemsflow.protocol.RejectReason;
import org.cemsflow.protocol.SplitPacket;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.ReferenceData;

/**
 * The local run's first pass over bounded input: every line is classified (empty, accepted data
 * or non-data frame, duplicate, or rejected with its reason), accepted readings are sorted by
 * event time, so that the result does not depend on the order of the lines. Memory does not grow
 * with the input's readings (they go through an {@link ExternalSort}) nor with its frames'
 * identities (de-duplication sorts them too, {@link FrameSequence}: a bit a frame stays); it grows
 * by a few values per device, and by the identities of the parts of split packets. The counts are
 * complete once {@link #finish} has run.
 */
public final class LocalIngest implements AutoCloseable {
    /** Counts of summary.json; lines = empty + accepted + duplicates + rejected + joined parts. */
    public static final class Counts {
        public long lines, emptyLines, accepted, nonDataFrames, duplicates, readings;

        /** Parts of split packets taken into a later frame: the frame counts once, as accepted. */
        public long joinedParts;

        public final Map<String, Long> rejected = new TreeMap<>();

        public long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final FrameValidator validator;
    private final ReferenceData reference;
    private final Consumer<RejectedFrame> rejectedOut;
    private final Counts counts = new Counts();

    /** Lines a classifier takes at once; enough to outweigh the hand-over. */
    private static final int BATCH_LINES = 2_000;

    /**
     * Readings sorted in memory at once (about 25 MB); more go through sorted runs on disk. Small
     * enough that a chunk filling up is not what decides the heap's size: with 400,000 the
     * collector's old generation filled with chunks on their way to disk and the heap grew with
     * the input's length (x48 peaked 23 % above x12).
     */
    static final int SORT_CHUNK = 100_000;

    private static final int THREADS = Runtime.getRuntime().availableProcessors();

    /**
     * Orders readings by event time, ties in a fixed order (the sort is stable besides): a device's
     * readings of one instant by command, so each upload's readings are consecutive (one record
     * downstream, judged as it arrives, as the streaming job's frames are), then by code and kind.
     */
    static final Comparator<Reading> EVENT_TIME_ORDER = LocalIngest::compareEventTime;

    /**
     * {@link #EVENT_TIME_ORDER}, written out: as a chain of composed comparators its lambdas took
     * a tenth of a backfill's samples (the sort compares every reading some 20 times).
     */
    static int compareEventTime(Reading x, Reading y) {
        int c = Long.compare(x.getDataTime(), y.getDataTime());
        if (c == 0) {
            c = compareText(x.getMn(), y.getMn());
        }
        if (c == 0) {
            c = Integer.compare(x.getCn(), y.getCn());
        }
        if (c == 0) {
            c = compareText(x.getCode(), y.getCode());
        }
        return c != 0 ? c : Integer.compare(x.getKind().ordinal(), y.getKind().ordinal());
    }

    /**
     * {@link #EVENT_TIME_ORDER} of uploads, but for code and kind: the readings of uploads it calls
     * equal are of one DataTime, MN and CN.
     */
    private static int compareUpload(
            FrameSequence.NumberedUpload x, FrameSequence.NumberedUpload y) {
        int c = Long.compare(x.time(), y.time());
        if (c == 0) {
            c = compareText(x.mn(), y.mn());
        }
        return c != 0 ? c : Integer.compare(x.cn(), y.cn());
    }

    /** {@link String#compareTo}, at once for the one instance that a device's readings share. */
    private static int compareText(String a, String b) {
        return a == b ? 0 : a.compareTo(b);
    }

    /** Identities of the parts of split packets (few): a retransmitted part is not held again. */
    private final FingerprintSet seen = new FingerprintSet();

    private final Map<String, SplitPacket> partials = new TreeMap<>();

    /**
     * The readings' sorts, one a lane: a device's readings all go to the lane {@link #laneOf} says,
     * so the lanes are merged and written at once, each by a thread of its own.
     */
    private final List<ExternalSort<FrameSequence.NumberedUpload>> lanes;

    private final ToIntFunction<String> laneOf;
    private final FrameSequence frames;
    private final ExecutorService classifiers =
            Executors.newFixedThreadPool(
                    THREADS,
                    r -> {
                        Thread t = new Thread(r, "cemsflow-classify");
                        t.setDaemon(true);
                        return t;
                    });
    private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();

    /** The smallest spacing of distinct minute-record DataTimes per MN, found while sorting. */
    private final Map<String, Long> minuteSpacing = new HashMap<>();

    private final Map<String, Boolean> unknownIsWater = new TreeMap<>();
    private final java.util.Set<String> devices = new java.util.HashSet<>();
    private long progressAt = 100_000;
    private long eventTimeEnd = Long.MIN_VALUE;

    public LocalIngest(
            ReferenceData reference, boolean acceptUnknown, Consumer<RejectedFrame> rejectedOut) {
        this(reference, acceptUnknown, rejectedOut, SORT_CHUNK, 1, mn -> 0);
    }

    /**
     * An ingest whose readings are sorted in {@code lanes} lanes, a device's in lane {@code
     * laneOf(mn)} (from 0 to lanes - 1).
     */
    public LocalIngest(
            ReferenceData reference,
            boolean acceptUnknown,
            Consumer<RejectedFrame> rejectedOut,
            int lanes,
            ToIntFunction<String> laneOf) {
        this(reference, acceptUnknown, rejectedOut, SORT_CHUNK, lanes, laneOf);
    }

    LocalIngest(
            ReferenceData reference,
            boolean acceptUnknown,
            Consumer<RejectedFrame> rejectedOut,
            int sortChunk,
            int lanes,
            ToIntFunction<String> laneOf) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes " + lanes);
        }
        // the chunk shared among the lanes: as much memory in chunks as one sort held, and as many
        // runs a lane as one sort wrote (a lane takes its share of the readings)
        this.lanes = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            this.lanes.add(
                    new ExternalSort<>(
                            FrameSequence.NumberedUploadSerializer.INSTANCE,
                            LocalIngest::compareUpload,
                            Math.max(1, sortChunk / lanes),
                            u -> u.readings().length));
        }
        this.laneOf = laneOf;
        this.frames = new FrameSequence(Math.max(1, Math.min(sortChunk, FrameSequence.CHUNK)));
        this.reference = reference;
        this.validator = new FrameValidator(acceptUnknown, -1);
        this.rejectedOut = rejectedOut;
    }

    /** Files of the inputs: a file as given, a directory's regular files in name order, recursively. */
    public static List<Path> expand(List<String> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String in : inputs) {
            Path p = Path.of(in);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    // frames only: hidden files and notes (README.md) beside the captures are not
                    // input
                    s.filter(Files::isRegularFile)
                            .filter(
                                    f ->
                                            !f.getFileName().toString().startsWith(".")
                                                    && !f.getFileName().toString().endsWith(".md"))
                            .sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IOException("input " + in + " does not exist");
            }
        }
        return files;
    }

    public void readFile(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream in =
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                Reader r = new InputStreamReader(in, StandardCharsets.ISO_8859_1)) {
            readLines(r, file.toString());
        }
    }

    /**
     * Lines split on LF only (a stray CR inside a line stays in it); one trailing CR is removed.
     * Batches of lines are parsed and validated on every core; their outcomes are taken in line
     * order, so counts, de-duplication and split packets see the lines as a single thread would.
     */
    void readLines(Reader r, String source) throws IOException {
        char[] buf = new char[1 << 16];
        StringBuilder line = new StringBuilder(512);
        Batch batch = new Batch(source, 1);
        int n;
        boolean pending = false;
        while ((n = r.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line.append(buf, start, i - start);
                    batch = add(batch, Lines.stripCr(line.toString()));
                    line.setLength(0);
                    start = i + 1;
                }
            }
            line.append(buf, start, n - start);
            pending = line.length() > 0;
        }
        if (pending) {
            batch = add(batch, Lines.stripCr(line.toString()));
        }
        submit(batch);
        while (!inFlight.isEmpty()) {
            takeOldest();
        }
    }

    private Batch add(Batch batch, String line) throws IOException {
        batch.lines.add(line);
        if (batch.lines.size() < BATCH_LINES) {
            return batch;
        }
        submit(batch);
        return new Batch(batch.source, batch.firstLine + batch.lines.size());
    }

    private void submit(Batch batch) throws IOException {
        if (batch.lines.isEmpty()) {
            return;
        }
        batch.outcomes = classifiers.submit(() -> classify(batch.lines));
        inFlight.add(batch);
        if (inFlight.size() > 2 * THREADS) {
            takeOldest();
        }
    }

    private void takeOldest() throws IOException {
        Batch b = inFlight.poll();
        Outcome[] outcomes;
        try {
            outcomes = b.outcomes.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while classifying " + b.source, e);
        } catch (ExecutionException e) {
            throw new IOException("classifying " + b.source + " failed: " + e.getCause(), e);
        }
        for (int i = 0; i < outcomes.length; i++) {
            take(b.lines.get(i), outcomes[i], b.source, b.firstLine + i);
        }
    }

    /** Lines of one file handed to a classifier together. */
    private static final class Batch {
        final String source;
        final long firstLine;
        final List<String> lines = new ArrayList<>(BATCH_LINES);
        Future<Outcome[]> outcomes;

        Batch(String source, long firstLine) {
            this.source = source;
            this.firstLine = firstLine;
        }
    }

    /**
     * What a line is by itself, found in parallel: blank, rejected with its reason, a part of a
     * split packet, or a whole frame with its readings; the fingerprint is its identity for
     * de-duplication.
     */
    private record Outcome(
            Hj212Frame part,
            FrameValidator.Accepted accepted,
            RejectReason reason,
            String detail,
            long fpA,
            long fpB) {
        static final Outcome BLANK = new Outcome(null, null, null, null, 0, 0);
    }

    private Outcome[] classify(List<String> lines) {
        Outcome[] out = new Outcome[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = classify(lines.get(i));
        }
        return out;
    }

    private Outcome classify(String line) {
        if (Lines.isBlank(line)) {
            return Outcome.BLANK;
        }
        try {
            Hj212Frame f = validator.packet(line, reference);
            if (f.isPart()) {
                Fingerprint fp = Fingerprint.of(SplitPacket.identity(f));
                return new Outcome(f, null, null, null, fp.a, fp.b);
            }
            FrameValidator.Accepted a = validator.accept(f, Long.MAX_VALUE);
            Fingerprint fp = Fingerprint.ofFrame(f);
            return new Outcome(null, a, null, null, fp.a, fp.b);
        } catch (Hj212Exception e) {
            return new Outcome(null, null, e.reason(), e.getMessage(), 0, 0);
        }
    }

    /** Takes a line's outcome, in line order. */
    private void take(String line, Outcome o, String source, long lineNo) throws IOException {
        counts.lines++;
        if (counts.lines >= progressAt) {
            System.err.printf(
                    "  read %,d lines (%,d frames, %,d rejected)%n",
                    counts.lines, counts.accepted, counts.rejectedTotal());
            progressAt += 100_000;
        }
        if (o == Outcome.BLANK) {
            counts.emptyLines++;
            return;
        }
        String where = source + ":" + lineNo;
        if (o.reason() != null) {
            reject(o.reason(), o.detail(), line, where);
            return;
        }
        FrameValidator.Accepted a = o.accepted();
        long fpA = o.fpA();
        long fpB = o.fpB();
        if (o.part() != null) {
            try {
                Hj212Frame whole = part(o.part(), fpA, fpB, line, where);
                if (whole == null) {
                    return;
                }
                where = where + " (the last part of a split packet)";
                a = validator.accept(whole, Long.MAX_VALUE);
            } catch (Hj212Exception e) {
                reject(e.reason(), e.getMessage(), line, where);
                return;
            }
            Fingerprint fp = Fingerprint.ofFrame(a.frame());
            fpA = fp.a;
            fpB = fp.b;
        }
        // a retransmission is known once every frame has been seen (finish): until then it
        // counts as accepted, and what it adds below its first copy added already
        long frame = frames.add(fpA, fpB, a.isData(), a.isData() ? a.readings().size() : 0);
        counts.accepted++;
        if (!a.isData()) {
            counts.nonDataFrames++;
            return;
        }
        addUploads(frame, a.readings());
        boolean water = false;
        for (Reading rd : a.readings()) {
            eventTimeEnd = Math.max(eventTimeEnd, periodEnd(rd));
            water |= Codes.isWater(rd.getCode());
        }
        if (!a.readings().isEmpty()) {
            // the frame's readings are all of its MN: one look-up a frame, not one a reading
            String mn = a.frame().mn();
            devices.add(mn);
            if (reference.device(mn) == null) {
                unknownIsWater.merge(mn, water, Boolean::logicalOr);
            }
        }
        counts.readings += a.readings().size();
    }

    /**
     * A frame's readings into the sort, an upload at a time: in {@link #EVENT_TIME_ORDER} (stable),
     * cut where {@link #sameUpload} ends.
     */
    private void addUploads(long frame, List<Reading> readings) throws IOException {
        if (readings.isEmpty()) {
            return;
        }
        Reading[] sorted = readings.toArray(new Reading[0]);
        Arrays.sort(sorted, EVENT_TIME_ORDER);
        int from = 0;
        for (int i = 1; i <= sorted.length; i++) {
            if (i == sorted.length || !sameUpload(sorted[from], sorted[i])) {
                Reading[] upload =
                        from == 0 && i == sorted.length
                                ? sorted
                                : Arrays.copyOfRange(sorted, from, i);
                lanes.get(laneOf.applyAsInt(upload[0].getMn()))
                        .add(new FrameSequence.NumberedUpload(frame, upload));
                from = i;
            }
        }
    }

    /** Whether two readings are of one upload: the same DataTime, MN and CN. */
    private static boolean sameUpload(Reading x, Reading y) {
        return x.getDataTime() == y.getDataTime()
                && compareText(x.getMn(), y.getMn()) == 0
                && x.getCn() == y.getCn();
    }

    private void reject(RejectReason reason, String detail, String line, String where) {
        counts.rejected.merge(reason.name(), 1L, Long::sum);
        rejectedOut.accept(
                new RejectedFrame(
                        reason.name(), detail, Lines.rawText(line), where, null, null, null));
    }

    /**
     * Holds a part of a split packet until its packet is whole. A retransmitted part is a
     * duplicate; the parts held before the last one count as joined.
     *
     * @return the whole packet when this part completed it, else null
     */
    private Hj212Frame part(Hj212Frame f, long fpA, long fpB, String line, String where)
            throws Hj212Exception {
        if (!seen.add(fpA, fpB)) {
            counts.duplicates++;
            return null;
        }
        String key = f.mn() + "/" + SplitPacket.key(f);
        SplitPacket packet = partials.computeIfAbsent(key, k -> SplitPacket.of(f, where, 0, 0));
        packet.add(f, line);
        if (!packet.complete()) {
            return null;
        }
        partials.remove(key);
        counts.joinedParts += packet.held - 1;
        return packet.assemble();
    }

    /**
     * The end of the input: a split packet still incomplete is a dead letter INCOMPLETE per part
     * received (the streaming job waits for the reassembly timeout instead).
     */
    public void finish() throws IOException {
        FrameSequence.Retransmitted again = frames.resolve();
        counts.duplicates += again.frames();
        counts.accepted -= again.frames();
        counts.nonDataFrames -= again.nonData();
        counts.readings -= again.readings();
        partials.forEach(
                (key, p) -> {
                    for (String part : p.rawParts()) {
                        reject(
                                RejectReason.INCOMPLETE,
                                p.held
                                        + " of "
                                        + p.plain.length
                                        + " parts of the split packet "
                                        + key
                                        + " by the end of the input",
                                part,
                                p.source);
                    }
                });
        partials.clear();
    }

    /** Devices with accepted readings: what the pipeline keeps state for. */
    public int devices() {
        return devices.size();
    }

    public Counts counts() {
        return counts;
    }

    /** The clock period a reading belongs to ends: its day for daily records, else its hour. */
    static long periodEnd(Reading r) {
        return r.getKind() == RecordKind.DAY
                ? org.cemsflow.time.LocalTimes.dayStart(r.getDataTime())
                        + org.cemsflow.time.LocalTimes.DAY_MS
                : org.cemsflow.time.LocalTimes.hourStart(r.getDataTime())
                        + org.cemsflow.time.LocalTimes.HOUR_MS;
    }

    /**
     * T_end of the local run contract: the latest period end among accepted readings. Event time ends there:
     * decisions due later (an unfinished day) are not taken. Long.MIN_VALUE without readings.
     */
    public long eventTimeEnd() {
        return eventTimeEnd;
    }

    /**
     * Accepted readings by event time (ties in a fixed order, so the run is deterministic), as they
     * came from the frames (those of retransmissions left out): what the effective reference knows
     * of a device is added later ({@link #effectiveReference}, known only once every reading has
     * been seen). With more than one lane, each lane's in that order, lane after lane. Once only,
     * after {@link #finish}.
     */
    public void forEachSorted(ExternalSort.Visitor<Reading> visitor) throws IOException {
        for (int i = 0; i < lanes.size(); i++) {
            forEachSorted(i, visitor);
        }
    }

    /** {@link #forEachSorted} of one lane; lanes may be visited at once, by threads of their own. */
    private void forEachSorted(int lane, ExternalSort.Visitor<Reading> visitor) throws IOException {
        forEachUpload(
                lane,
                upload -> {
                    for (Reading r : upload) {
                        visitor.accept(r);
                    }
                });
    }

    /**
     * The lane's readings as {@link #forEachSorted} gives them, an upload at a time: all readings
     * of one DataTime, MN and CN, in {@link #EVENT_TIME_ORDER}.
     */
    private void forEachUpload(int lane, ExternalSort.Visitor<Reading[]> visitor)
            throws IOException {
        // a device's readings are all in its lane: its minute spacing is found there
        Map<String, Long> lastMinute = new HashMap<>();
        Map<String, Long> spacing = new HashMap<>();
        ExternalSort.Visitor<Reading[]> spaced =
                upload -> {
                    Reading r = upload[0]; // an upload's readings share their DataTime and kind
                    if (r.getKind() == RecordKind.MINUTE) {
                        Long prev = lastMinute.put(r.getMn(), r.getDataTime());
                        if (prev != null && prev.longValue() != r.getDataTime()) {
                            spacing.merge(r.getMn(), r.getDataTime() - prev, Math::min);
                        }
                    }
                    visitor.accept(upload);
                };
        // uploads that compareUpload calls equal (a corrected upload, say): their readings merge
        // by code and kind, as the sort of each reading ordered them (stable: in input order)
        List<FrameSequence.NumberedUpload> tied = new ArrayList<>();
        lanes.get(lane)
                .forEachSorted(
                        u -> {
                            if (frames.retransmitted(u.frame())) {
                                return;
                            }
                            if (!tied.isEmpty() && compareUpload(tied.get(0), u) != 0) {
                                spaced.accept(merged(tied));
                            }
                            tied.add(u);
                        });
        if (!tied.isEmpty()) {
            spaced.accept(merged(tied));
        }
        synchronized (minuteSpacing) {
            spacing.forEach((mn, d) -> minuteSpacing.merge(mn, d, Math::min));
        }
    }

    /** The readings of uploads of one key, in {@link #EVENT_TIME_ORDER}; the list is emptied. */
    private static Reading[] merged(List<FrameSequence.NumberedUpload> tied) {
        Reading[] readings;
        if (tied.size() == 1) {
            readings = tied.get(0).readings();
        } else {
            List<Reading> merged = new ArrayList<>();
            for (FrameSequence.NumberedUpload u : tied) {
                merged.addAll(Arrays.asList(u.readings()));
            }
            merged.sort(EVENT_TIME_ORDER);
            readings = merged.toArray(new Reading[0]);
        }
        tied.clear();
        return readings;
    }

    /**
     * Writes the sorted readings to files of {@link PartitionedReadings}, each reading to the file
     * {@code fileOf} says (run-local's passes and their subtasks; asked once per upload, whose
     * readings share an MN), an upload a record: each file is in event-time order.
     * Every file takes the readings of one lane only (a file's devices are of one lane), so the
     * lanes are merged and written at once, a thread each; a file that would take readings of two
     * lanes fails the write.
     */
    public void writeSorted(List<Path> files, ToIntFunction<Reading> fileOf) throws IOException {
        List<RecordFile.Writer<Reading[]>> writers = new ArrayList<>(files.size());
        try {
            for (Path f : files) {
                writers.add(PartitionedReadings.writer(f));
            }
            AtomicIntegerArray laneOfFile = new AtomicIntegerArray(files.size());
            for (int i = 0; i < files.size(); i++) {
                laneOfFile.set(i, -1);
            }
            List<Callable<Void>> merges = new ArrayList<>();
            for (int i = 0; i < lanes.size(); i++) {
                int lane = i;
                merges.add(
                        () -> {
                            forEachUpload(
                                    lane,
                                    upload -> {
                                        int f = fileOf.applyAsInt(upload[0]);
                                        if (laneOfFile.get(f) != lane
                                                && !laneOfFile.compareAndSet(f, -1, lane)) {
                                            throw new IllegalStateException(
                                                    "file "
                                                            + f
                                                            + " takes readings of lanes "
                                                            + laneOfFile.get(f)
                                                            + " and "
                                                            + lane);
                                        }
                                        writers.get(f).write(upload);
                                    });
                            return null;
                        });
            }
            runAll(merges);
        } finally {
            IOException failed = null;
            for (RecordFile.Writer<Reading[]> w : writers) {
                try {
                    w.close();
                } catch (IOException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }

    /**
     * Runs the tasks, the first in this thread and the others in threads of their own, and returns
     * when all have ended. The first failure is thrown once every task has ended (the files they
     * write are closed only then).
     */
    private static void runAll(List<Callable<Void>> tasks) throws IOException {
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.max(1, tasks.size() - 1),
                        r -> {
                            Thread t = new Thread(r, "cemsflow-merge");
                            t.setDaemon(true);
                            return t;
                        });
        Throwable failed = null;
        try {
            List<Future<Void>> others = new ArrayList<>();
            for (Callable<Void> t : tasks.subList(1, tasks.size())) {
                others.add(pool.submit(t));
            }
            try {
                tasks.get(0).call();
            } catch (Exception e) {
                failed = e;
            }
            for (Future<Void> f : others) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failed = failed == null ? e.getCause() : failed;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed =
                            failed == null
                                    ? new IOException(
                                            "interrupted while writing the sorted readings", e)
                                    : failed;
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException re) {
            throw re;
        }
        if (failed instanceof Error err) {
            throw err;
        }
        if (failed != null) {
            throw new IOException(failed);
        }
    }

    /** Stops the classifiers and deletes the sorted runs. */
    @Override
    public void close() {
        classifiers.shutdownNow();
        lanes.forEach(ExternalSort::close);
        frames.close();
    }

    /**
     * The reference data for the run: unknown devices seen in accepted frames become points of
     * their own (water when any of their codes is a water code), and points without a configured
     * minute interval get the smallest spacing of their CN 2051 DataTimes anywhere in the input
     * (known once the readings have been sorted).
     */
    public ReferenceData effectiveReference() {
        Map<String, Device> extra = new HashMap<>();
        unknownIsWater.forEach(
                (mn, water) ->
                        extra.put(
                                mn,
                                Device.point(
                                        mn,
                                        mn,
                                        mn,
                                        null,
                                        water ? "water" : "air",
                                        null,
                                        null,
                                        null)));
        minuteSpacing.forEach(
                (mn, best) -> {
                    Device d = extra.containsKey(mn) ? extra.get(mn) : reference.device(mn);
                    if (d == null || d.minuteInterval != null) {
                        return;
                    }
                    Device copy = copy(d);
                    copy.minuteInterval =
                            org.cemsflow.aggregation.HourlyAggregator.roundedMinutes(best);
                    extra.put(mn, copy);
                });
        return reference.with(extra);
    }

    private static Device copy(Device d) {
        Device c =
                Device.point(
                        d.mn,
                        d.pointId,
                        d.unitId,
                        d.unitName,
                        d.medium,
                        d.o2Ref,
                        d.password,
                        d.minuteInterval);
        c.meterRole = d.meterRole;
        c.ratedKw = d.ratedKw;
        return c;
    }

    /**
     * 128-bit fingerprint of a frame's identity (two 64-bit hashes of its chars); the input is not
     * kept in memory.
     */
    static final class Fingerprint {
        private static final long A0 = 0xcbf29ce484222325L, B0 = 0x9E3779B97F4A7C15L;

        long a = A0;
        long b = B0;

        static Fingerprint of(String key) {
            Fingerprint fp = new Fingerprint();
            fp.add(key, 0, key.length());
            return fp;
        }

        /**
         * A whole frame's identity, as {@link Hj212Frame#dedupKey()} defines it (MN, CN and the
         * non-empty CP items as a multiset: QN, ST, PW, Flag and the items' order do not count),
         * without sorting the items: each lane is the hash of MN and CN plus a sum over the items
         * of a hash of each, mixed. Lane a's sum is {@link Hj212Frame#itemsHash()} (FNV-1a, the
         * frame gate's); lane b's is of a second per-item hash, the one {@link #add} folds into b.
         * Two frames of the same key get the same fingerprint; two of different keys, the same
         * one by chance only (two independent 64-bit lanes).
         */
        static Fingerprint ofFrame(Hj212Frame f) {
            Fingerprint fp = new Fingerprint();
            fp.add(f.mn(), 0, f.mn().length());
            fp.add("\u0001", 0, 1);
            fp.add(f.cn(), 0, f.cn().length());
            String cp = f.cp();
            long sumB = 0;
            long h = B0;
            boolean empty = true;
            for (int i = 0, n = cp.length(); i <= n; i++) {
                char c = i == n ? ';' : cp.charAt(i);
                if (c == ';' || c == ',') {
                    if (!empty) {
                        sumB += FingerprintSet.mix(h);
                    }
                    h = B0;
                    empty = true;
                } else {
                    h = stepB(h, c);
                    empty = false;
                }
            }
            fp.a += f.itemsHash();
            fp.b += sumB;
            return fp;
        }

        /** Lane b's hash of one more char. */
        private static long stepB(long h, char c) {
            return Long.rotateLeft(h ^ (c * 0xff51afd7ed558ccdL), 31) * 0xc4ceb9fe1a85ec53L;
        }

        void add(CharSequence s, int from, int to) {
            long h1 = a;
            long h2 = b;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                h1 = (h1 ^ c) * 0x100000001b3L;
                h2 = stepB(h2, c);
            }
            a = h1;
            b = h2;
        }
    }
}
