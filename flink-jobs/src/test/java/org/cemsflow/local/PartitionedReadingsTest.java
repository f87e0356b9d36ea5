package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.ingestion.DecodedFrameSerializer;
import org.cemsflow.testkit.Clusters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source hands each subtask its own file, so readings split by {@link
 * PartitionedReadings#subtaskOf} reach keyed state without a shuffle: a device on the wrong subtask
 * would fail its state access (its key group is not the subtask's).
 */
class PartitionedReadingsTest {
    @RegisterExtension static final MiniClusterExtension FLINK = Clusters.withSlots(2);

    static final int P = 2;
    static final long T0 = 1_700_000_000_000L;

    static Reading reading(String mn, long t) {
        Reading r = new Reading();
        r.setMn(mn);
        r.setCn(2011);
        r.setKind(RecordKind.REALTIME);
        r.setCode("a21026");
        r.setDataTime(t);
        r.setProtocolVersion(2017);
        r.setRtd(1.0);
        return r;
    }

    /** Counts each device's readings in keyed state, saying which subtask saw them. */
    static final class CountPerDevice extends KeyedProcessFunction<String, DecodedFrame, String> {
        private transient ValueState<Integer> seen;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.INT));
        }

        @Override
        public void processElement(DecodedFrame u, Context ctx, Collector<String> out)
                throws Exception {
            int n = (seen.value() == null ? 0 : seen.value()) + u.readings.size();
            seen.update(n);
            out.collect(
                    u.mn
                            + " "
                            + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
                            + " "
                            + n);
        }
    }

    Map<String, String> run(List<Path> files) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(P);
        env.setMaxParallelism(LocalRun.MAX_PARALLELISM);
        PartitionedReadings source = new PartitionedReadings(files, LocalRun.MAX_PARALLELISM);
        var readings =
                env.fromSource(
                                source,
                                WatermarkStrategy.<DecodedFrame>forMonotonousTimestamps()
                                        .withTimestampAssigner((u, ts) -> u.dataTime),
                                "sorted readings",
                                DecodedFrameSerializer.TYPE)
                        .setParallelism(source.parallelism());
        Map<String, String> last = new TreeMap<>();
        try (CloseableIterator<String> out =
                DataStreamUtils.reinterpretAsKeyedStream(readings, u -> u.mn, Types.STRING)
                        .process(new CountPerDevice())
                        .collectAsync()) {
            env.execute("partitioned readings");
            out.forEachRemaining(s -> last.put(s.split(" ")[0], s.substring(s.indexOf(' ') + 1)));
        }
        return last;
    }

    static List<Path> write(Path dir, List<String> mns, int perDevice) throws Exception {
        List<Path> files = new ArrayList<>();
        List<RecordFile.Writer<Reading[]>> writers = new ArrayList<>();
        for (int i = 0; i < P; i++) {
            files.add(Files.createFile(dir.resolve("readings-" + i)));
            writers.add(PartitionedReadings.writer(files.get(i)));
        }
        for (int k = 0; k < perDevice; k++) {
            for (String mn : mns) {
                writers.get(PartitionedReadings.subtaskOf(mn, LocalRun.MAX_PARALLELISM, P))
                        .write(new Reading[] {reading(mn, T0 + k * 60_000L)});
            }
        }
        for (RecordFile.Writer<Reading[]> w : writers) {
            w.close();
        }
        return files;
    }

    @Test
    void eachSubtaskReadsItsOwnDevicesIntoKeyedState(@TempDir Path dir) throws Exception {
        List<String> mns = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            mns.add(String.format("MN%012d", i * 7919));
        }
        Map<String, String> seen = run(write(dir, mns, 5));
        assertEquals(mns.size(), seen.size(), seen.toString());
        for (String mn : mns) {
            assertEquals(
                    PartitionedReadings.subtaskOf(mn, LocalRun.MAX_PARALLELISM, P) + " 5",
                    seen.get(mn),
                    mn + ": on its key's subtask, all its readings");
        }
    }

    @Test
    void aSubtaskWithoutDevicesEndsAndTheOtherReadsOn(@TempDir Path dir) throws Exception {
        List<String> mns = new ArrayList<>();
        for (int i = 0; mns.size() < 5; i++) {
            String mn = "MN" + i;
            if (PartitionedReadings.subtaskOf(mn, LocalRun.MAX_PARALLELISM, P) == 1) {
                mns.add(mn);
            }
        }
        List<Path> files = write(dir, mns, 3);
        assertEquals(1, Files.size(files.get(0)), "subtask 0's file holds only its end");
        Map<String, String> seen = run(files);
        assertEquals(5, seen.size());
        seen.values().forEach(v -> assertEquals("1 3", v));
    }

    /**
     * A file holds an upload (the readings of one device, DataTime and CN) as one record, and the
     * source hands each on as one record; a split that resumes after {@code skip} uploads (a
     * restarted reader) starts at the next one and says how far it has read.
     */
    @Test
    void uploadsAreReadAsWrittenAndASplitResumesWhereItLeftOff(@TempDir Path dir) throws Exception {
        List<Reading> written = new ArrayList<>();
        List<Reading[]> uploads = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            List<Reading> readings = new ArrayList<>();
            List<String> upload = new ArrayList<>();
            for (String code : List.of("a21026", "a21002", "a34013").subList(0, 1 + k % 3)) {
                Reading r = reading("MN" + k / 2, T0 + k % 2 * 60_000L);
                r.setCode(code);
                r.setRtd(k + 0.5);
                written.add(r);
                readings.add(r);
                upload.add(r.toString());
            }
            uploads.add(readings.toArray(new Reading[0]));
            expected.add(upload);
        }
        Path file = dir.resolve("readings");
        try (RecordFile.Writer<Reading[]> w = PartitionedReadings.writer(file)) {
            for (Reading[] u : uploads) {
                w.write(u);
            }
        }
        assertEquals(written, PartitionedReadings.readAll(file));
        for (int skip = 0; skip <= expected.size(); skip++) {
            PartitionedReadings.Split split =
                    new PartitionedReadings.Split(0, file.toString(), skip);
            PartitionedReadings.Uploads it = split.getIterator();
            List<List<String>> rest = new ArrayList<>();
            if (it.hasNext()) {
                rest.add(strings(it.next()));
            }
            assertEquals(skip + rest.size(), split.getUpdatedSplitForIterator(it).skip());
            it.forEachRemaining(u -> rest.add(strings(u)));
            assertEquals(expected.subList(skip, expected.size()), rest, "skip " + skip);
        }
        assertTrue(Files.size(file) < written.size() * 40L, Files.size(file) + " bytes");
    }

    private static List<String> strings(DecodedFrame upload) {
        assertEquals(upload.readings.get(0).getDataTime(), upload.dataTime);
        assertEquals(upload.readings.get(0).getMn(), upload.mn);
        return upload.readings.stream().map(Reading::toString).toList();
    }
}
