package org.cemsflow.local;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
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
import org.cemsflow.reference.DeviceLookup;
import org.cemsflow.reference.ReferenceData;

/**
 * The local run's first pass over bounded input: every line is classified (empty, accepted data
 * or non-data frame, duplicate, or rejected with its reason), accepted readings are collected and
 * sorted by event time, so that the result does not depend on the order of the lines.
 */
public final class LocalIngest {
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
    private final Set<Fingerprint> seen = new HashSet<>();
    private final Map<String, SplitPacket> partials = new TreeMap<>();
    private final List<Reading> readings = new ArrayList<>();
    private final Map<String, TreeSet<Long>> minuteTimes = new HashMap<>();
    private final Map<String, Boolean> unknownIsWater = new TreeMap<>();
    private long progressAt = 100_000;
    private long eventTimeEnd = Long.MIN_VALUE;

    public LocalIngest(
            ReferenceData reference, boolean acceptUnknown, Consumer<RejectedFrame> rejectedOut) {
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

    /** Lines split on LF only (a stray CR inside a line stays in it); one trailing CR is removed. */
    void readLines(Reader r, String source) throws IOException {
        char[] buf = new char[1 << 16];
        StringBuilder line = new StringBuilder(512);
        long lineNo = 0;
        int n;
        boolean pending = false;
        while ((n = r.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line.append(buf, start, i - start);
                    line(Lines.stripCr(line.toString()), source, ++lineNo);
                    line.setLength(0);
                    start = i + 1;
                }
            }
            line.append(buf, start, n - start);
            pending = line.length() > 0;
        }
        if (pending) {
            line(Lines.stripCr(line.toString()), source, ++lineNo);
        }
    }

    void line(String line, String source, long lineNo) {
        counts.lines++;
        if (counts.lines >= progressAt) {
            System.err.printf(
                    "  read %,d lines (%,d accepted, %,d rejected)%n",
                    counts.lines, counts.accepted, counts.rejectedTotal());
            progressAt += 100_000;
        }
        if (Lines.isBlank(line)) {
            counts.emptyLines++;
            return;
        }
        FrameValidator.Accepted a;
        String where = source + ":" + lineNo;
        try {
            Hj212Frame f = validator.packet(line, reference);
            if (f.isPart()) {
                f = part(f, line, where);
                if (f == null) {
                    return;
                }
                where = where + " (the last part of a split packet)";
            }
            a = validator.accept(f, Long.MAX_VALUE);
        } catch (Hj212Exception e) {
            reject(e.reason(), e.getMessage(), line, where);
            return;
        }
        Hj212Frame f = a.frame();
        if (!seen.add(Fingerprint.of(f.dedupKey()))) {
            counts.duplicates++;
            return;
        }
        counts.accepted++;
        if (!a.isData()) {
            counts.nonDataFrames++;
            return;
        }
        for (Reading rd : a.readings()) {
            readings.add(rd);
            eventTimeEnd = Math.max(eventTimeEnd, periodEnd(rd));
            if (rd.getKind() == RecordKind.MINUTE) {
                minuteTimes.computeIfAbsent(rd.getMn(), k -> new TreeSet<>()).add(rd.getDataTime());
            }
            if (reference.device(rd.getMn()) == null) {
                unknownIsWater.merge(rd.getMn(), Codes.isWater(rd.getCode()), Boolean::logicalOr);
            }
        }
        counts.readings += a.readings().size();
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
    private Hj212Frame part(Hj212Frame f, String line, String where) throws Hj212Exception {
        if (!seen.add(Fingerprint.of(SplitPacket.identity(f)))) {
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
    public void finish() {
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
     * Accepted readings by event time (ties in a fixed order, so the run is deterministic), each
     * with what the effective reference knows of its device.
     */
    public List<Reading> sortedReadings() {
        ReferenceData effective = effectiveReference();
        for (Reading r : readings) {
            DeviceLookup.enrich(r, effective.device(r.getMn()));
        }
        readings.sort(
                Comparator.comparingLong(Reading::getDataTime)
                        .thenComparing(Reading::getMn)
                        .thenComparing(Reading::getCode)
                        .thenComparing(r -> r.getKind().ordinal()));
        return readings;
    }

    /**
     * The reference data for the run: unknown devices seen in accepted frames become points of
     * their own (water when any of their codes is a water code), and points without a configured
     * minute interval get the smallest spacing of their CN 2051 DataTimes anywhere in the input.
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
        minuteTimes.forEach(
                (mn, times) -> {
                    Device d = extra.containsKey(mn) ? extra.get(mn) : reference.device(mn);
                    if (d == null || d.minuteInterval != null) {
                        return;
                    }
                    long best = Long.MAX_VALUE;
                    Long prev = null;
                    for (long t : times) {
                        if (prev != null) {
                            best = Math.min(best, t - prev);
                        }
                        prev = t;
                    }
                    if (best != Long.MAX_VALUE) {
                        Device copy = copy(d);
                        copy.minuteInterval =
                                org.cemsflow.aggregation.HourlyAggregator.roundedMinutes(best);
                        extra.put(mn, copy);
                    }
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

    /** 128-bit fingerprint of a frame's identity; the input is not kept in memory. */
    record Fingerprint(long a, long b) {
        static Fingerprint of(String key) {
            long h1 = 0xcbf29ce484222325L;
            long h2 = 0x9E3779B97F4A7C15L;
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                h1 = (h1 ^ c) * 0x100000001b3L;
                h2 = Long.rotateLeft(h2 ^ (c * 0xff51afd7ed558ccdL), 31) * 0xc4ceb9fe1a85ec53L;
            }
            return new Fingerprint(h1, h2);
        }
    }
}
