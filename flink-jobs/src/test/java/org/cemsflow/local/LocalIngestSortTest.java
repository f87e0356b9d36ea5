package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cemsflow.aggregation.HourlyAggregator;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming first pass (classification on every core, readings through sorted runs on disk)
 * against the implementation it replaced, written out here: every reading held and sorted in
 * memory, minute spacing from the set of every minute DataTime. Same counts, dead letters,
 * readings in the same order, same effective reference.
 */
class LocalIngestSortTest {
    static final Path CAPTURES = Path.of("src/test/resources/hj212/hj212-hebei-2016-08-24");

    record Pass(
            LocalIngest.Counts counts,
            List<String> rejected,
            List<Reading> readings,
            ReferenceData effective) {}

    static Pass pass(int sortChunk) throws Exception {
        List<String> rejected = new ArrayList<>();
        try (LocalIngest ingest =
                new LocalIngest(
                        ReferenceData.empty(),
                        true,
                        r -> rejected.add(r.toString()),
                        sortChunk,
                        1,
                        mn -> 0)) {
            for (Path f : LocalIngest.expand(List.of(CAPTURES.toString()))) {
                ingest.readFile(f);
            }
            ingest.finish();
            List<Reading> readings = new ArrayList<>();
            ingest.forEachSorted(readings::add);
            return new Pass(ingest.counts(), rejected, readings, ingest.effectiveReference());
        }
    }

    @Test
    void sameAsSortingEverythingInMemory() throws Exception {
        Pass streamed = pass(25_000); // the captures' readings in about 15 runs
        Pass inMemory = pass(Integer.MAX_VALUE);
        assertTrue(streamed.readings().size() > 300_000, "" + streamed.readings().size());

        // the replaced implementation: one list, List.sort, a TreeSet of minute times per MN
        List<Reading> all = new ArrayList<>(inMemory.readings());
        java.util.Collections.shuffle(all, new java.util.Random(3));
        all.sort(
                java.util.Comparator.comparingLong(Reading::getDataTime)
                        .thenComparing(Reading::getMn)
                        .thenComparingInt(Reading::getCn)
                        .thenComparing(Reading::getCode)
                        .thenComparing(r -> r.getKind().ordinal()));
        Map<String, TreeSet<Long>> minuteTimes = new HashMap<>();
        for (Reading r : all) {
            if (r.getKind() == RecordKind.MINUTE) {
                minuteTimes.computeIfAbsent(r.getMn(), k -> new TreeSet<>()).add(r.getDataTime());
            }
        }
        Map<String, Integer> intervals = new TreeMap<>();
        minuteTimes.forEach(
                (mn, times) -> {
                    long best = Long.MAX_VALUE;
                    Long prev = null;
                    for (long t : times) {
                        if (prev != null) {
                            best = Math.min(best, t - prev);
                        }
                        prev = t;
                    }
                    if (best != Long.MAX_VALUE) {
                        intervals.put(mn, HourlyAggregator.roundedMinutes(best));
                    }
                });

        assertEquals(inMemory.counts().lines, streamed.counts().lines);
        assertEquals(inMemory.counts().accepted, streamed.counts().accepted);
        assertEquals(inMemory.counts().duplicates, streamed.counts().duplicates);
        assertEquals(inMemory.counts().readings, streamed.counts().readings);
        assertEquals(inMemory.counts().rejected, streamed.counts().rejected);
        assertEquals(inMemory.rejected(), streamed.rejected());
        assertEquals(strings(inMemory.readings()), strings(streamed.readings()));
        // ties of the sort key keep the input order: a shuffled copy sorted differs only in ties
        assertEquals(keys(all), keys(streamed.readings()));
        assertEquals(intervals, intervals(streamed.effective(), intervals.keySet()));
        assertTrue(intervals.size() > 10, "devices with minute records: " + intervals.size());
    }

    /** The captures read into an ingest of two lanes, a device's lane as a subtask of 2's. */
    private static LocalIngest twoLanes() throws IOException {
        LocalIngest ingest =
                new LocalIngest(
                        ReferenceData.empty(),
                        true,
                        r -> {},
                        25_000,
                        2,
                        mn -> PartitionedReadings.subtaskOf(mn, 128, 2));
        for (Path f : LocalIngest.expand(List.of(CAPTURES.toString()))) {
            ingest.readFile(f);
        }
        ingest.finish();
        return ingest;
    }

    /** Run-local's files: two passes (by the MN's hash) of two subtasks each. */
    private static int fileOf(Reading r) {
        return Math.floorMod(r.getMn().hashCode(), 2) * 2
                + PartitionedReadings.subtaskOf(r.getMn(), 128, 2);
    }

    private static List<String> read(Path file) {
        return strings(PartitionedReadings.readAll(file));
    }

    /**
     * The lanes of the sort, merged and written at once: each file holds what the one sort of
     * every reading gave it, in the same order, and the effective reference is the same.
     */
    @Test
    void lanesWrittenAtOnceGiveEveryFileWhatOneSortGaveIt(@TempDir Path dir) throws Exception {
        Pass one = pass(25_000);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(dir.resolve("file-" + i));
        }
        ReferenceData effective;
        try (LocalIngest ingest = twoLanes()) {
            ingest.writeSorted(files, LocalIngestSortTest::fileOf);
            effective = ingest.effectiveReference();
        }
        int written = 0;
        for (int i = 0; i < 4; i++) {
            int file = i;
            List<String> expected =
                    strings(one.readings().stream().filter(r -> fileOf(r) == file).toList());
            assertTrue(expected.size() > 10_000, "file " + i + ": " + expected.size());
            assertEquals(expected, read(files.get(i)), "file " + i);
            written += expected.size();
        }
        assertEquals(one.readings().size(), written);
        Map<String, Integer> intervals = intervals(one.effective(), mns(one.readings()));
        assertTrue(intervals.size() > 10, "devices with minute records: " + intervals.size());
        assertEquals(intervals, intervals(effective, mns(one.readings())));
    }

    /**
     * The sort takes a frame's readings an upload at a time (one DataTime, MN and CN). Uploads of
     * one key from several frames (corrected uploads, sent again with other values) must still
     * come out as each reading sorted alone would: by code and kind, in input order among equals,
     * across the sort's run files and lanes, without the retransmitted frames. The frames here
     * have their codes in a random order, and share DataTimes, MNs and CNs on purpose.
     */
    @Test
    void tiedUploadsComeOutAsEachReadingSortedAlone() throws Exception {
        java.util.Random random = new java.util.Random(11);
        String[] codes = {"a21026", "a21002", "a34013", "a19001", "a01012", "a00000"};
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>(); // time mn cn code value, in input order
        int value = 0;
        for (int f = 0; f < 600; f++) {
            if (!lines.isEmpty() && random.nextInt(10) == 0) {
                lines.add(lines.get(random.nextInt(lines.size()))); // a retransmission
                continue;
            }
            String mn = "MN" + random.nextInt(3);
            int cn = random.nextBoolean() ? 2051 : 2061;
            long time = T0 + random.nextInt(4) * 3_600_000L;
            List<String> mine = new ArrayList<>(List.of(codes));
            java.util.Collections.shuffle(mine, random);
            Hj212Encoder e = Hj212Encoder.frame(mn).cn(cn).flag(4).dataTime(time);
            for (String code : mine.subList(0, 1 + random.nextInt(codes.length))) {
                value++;
                e.group(code, "Avg", Integer.toString(value), "Flag", "N");
                expected.add(time + " " + mn + " " + cn + " " + code + " " + value + ".0");
            }
            lines.add(e.encode());
        }
        // each reading sorted alone (a stable sort): by time, MN, CN and code
        List<String> sortedAlone = new ArrayList<>(expected);
        sortedAlone.sort(
                java.util.Comparator.comparing((String x) -> Long.parseLong(x.split(" ")[0]))
                        .thenComparing(x -> x.split(" ")[1])
                        .thenComparing(x -> x.split(" ")[2])
                        .thenComparing(x -> x.split(" ")[3]));
        List<String> got = new ArrayList<>();
        try (LocalIngest ingest =
                new LocalIngest(
                        ReferenceData.empty(),
                        true,
                        r -> {},
                        40, // runs of a few uploads: ties span run files
                        2,
                        mn -> PartitionedReadings.subtaskOf(mn, 128, 2))) {
            ingest.readLines(new java.io.StringReader(String.join("\n", lines)), "test");
            ingest.finish();
            assertTrue(
                    ingest.counts().duplicates > 30,
                    "retransmissions: " + ingest.counts().duplicates);
            ingest.forEachSorted(
                    r ->
                            got.add(
                                    r.getDataTime()
                                            + " "
                                            + r.getMn()
                                            + " "
                                            + r.getCn()
                                            + " "
                                            + r.getCode()
                                            + " "
                                            + r.getAvg()));
        }
        // lane after lane: each lane's readings (its MNs) in the order of the sort of each reading
        List<String> lanesInTurn = new ArrayList<>();
        for (int lane = 0; lane < 2; lane++) {
            for (String x : sortedAlone) {
                if (PartitionedReadings.subtaskOf(x.split(" ")[1], 128, 2) == lane) {
                    lanesInTurn.add(x);
                }
            }
        }
        assertEquals(lanesInTurn, got);
    }

    static final long T0 = org.cemsflow.time.LocalTimes.parseIso("2026-03-01T12:00:00+08:00");

    @Test
    void aFileThatWouldTakeReadingsOfTwoLanesFailsTheWrite(@TempDir Path dir) throws Exception {
        try (LocalIngest ingest = twoLanes()) {
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () -> ingest.writeSorted(List.of(dir.resolve("all")), r -> 0));
            assertTrue(e.getMessage().contains("takes readings of lanes"), e.getMessage());
        }
    }

    private static TreeSet<String> mns(List<Reading> readings) {
        TreeSet<String> mns = new TreeSet<>();
        readings.forEach(r -> mns.add(r.getMn()));
        return mns;
    }

    private static List<String> strings(List<Reading> readings) {
        return readings.stream().map(Reading::toString).toList();
    }

    private static List<String> keys(List<Reading> readings) {
        return readings.stream()
                .map(r -> r.getDataTime() + " " + r.getMn() + " " + r.getCode() + " " + r.getKind())
                .toList();
    }

    private static Map<String, Integer> intervals(ReferenceData effective, Iterable<String> mns) {
        Map<String, Integer> out = new TreeMap<>();
        for (String mn : mns) {
            Device d = effective.device(mn);
            if (d != null && d.minuteInterval != null) {
                out.put(mn, d.minuteInterval);
            }
        }
        return out;
    }
}
