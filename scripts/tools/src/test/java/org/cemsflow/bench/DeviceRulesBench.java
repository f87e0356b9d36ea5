package org.cemsflow.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.Reading;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.correlation.CorrelationParams;
import org.cemsflow.correlation.DeviceCorrelation;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.ingestion.FrameValidator;
import org.cemsflow.ops.SyntheticStream;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.reference.DeviceLookup;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: the device rules (CONSTANT_VALUE, ZERO_VALUE, SUDDEN_CHANGE, CONVERSION_MISMATCH, as
 * configured by default) over decoded frames as the frame gate passes them on, in an operator
 * harness: ns per frame, the operator and its heap state included, the frame gate and the network
 * not. The frames are the bench's synthetic traffic (30 points, a minute record and two real-time
 * records a point and minute, an hour of them) replayed hour after hour, their times moved on each
 * time, so the rules keep seeing new uploads; a watermark follows every minute of event time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DeviceRulesBench {
    static final int BATCH = 1_000;
    private static final long MINUTE_MS = 60_000L;

    private DecodedFrame[] frames;
    private long[] times;
    private long span;
    private int next;
    private long shift;
    private long watermark = Long.MIN_VALUE;
    private KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, AlertEvent> harness;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SyntheticStream.Options o =
                new SyntheticStream.Options(
                        30,
                        1,
                        LocalTimes.parseIso("2026-04-06T00:00:00+08:00"),
                        true,
                        0.0,
                        0,
                        0.0,
                        0.05,
                        20260302L);
        Path dir = TempDirs.make("device-rules-bench");
        SyntheticStream.writeReference(dir, o);
        ReferenceData reference = ReferenceData.load(dir);
        FrameValidator validator = new FrameValidator(false, -1);
        List<DecodedFrame> all = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        SyntheticStream.forEachFrame(o, lines::add);
        for (String line : lines) {
            List<Reading> readings;
            try {
                readings =
                        validator.validate(line, Long.MAX_VALUE / 2, reference::device).readings();
            } catch (Hj212Exception e) {
                continue;
            }
            if (readings.isEmpty()) {
                continue;
            }
            DecodedFrame f = new DecodedFrame();
            f.mn = readings.get(0).getMn();
            f.cn = readings.get(0).getCn();
            f.data = true;
            f.dataTime = readings.get(0).getDataTime();
            for (Reading r : readings) {
                DeviceLookup.enrich(r, reference.device(r.getMn()));
                f.readings.add(r);
            }
            all.add(f);
        }
        frames = all.toArray(new DecodedFrame[0]);
        times = new long[frames.length];
        for (int i = 0; i < frames.length; i++) {
            times[i] = frames[i].dataTime;
        }
        span = o.hours() * LocalTimes.HOUR_MS;
        CorrelationParams params = CorrelationParams.of(CemsflowSettings.defaults());
        harness =
                Harnesses.keyed(
                        new DeviceCorrelation(params, params.detectors()),
                        (DecodedFrame f) -> f.mn);
        harness.open();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        harness.close();
    }

    /** {@link #BATCH} frames, the next ones. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int frames() throws Exception {
        for (int k = 0; k < BATCH; k++) {
            if (next == frames.length) {
                // the hour again, an hour on: what the rules emitted goes
                next = 0;
                shift += span;
                harness.getOutput().clear();
                var signals = harness.getSideOutput(DeviceCorrelation.UNIT_SIGNALS);
                if (signals != null) {
                    signals.clear();
                }
            }
            DecodedFrame f = frames[next];
            long t = times[next] + shift;
            if (f.dataTime != t) {
                f.dataTime = t;
                for (Reading r : f.readings) {
                    r.setDataTime(t);
                }
            }
            harness.processElement(new StreamRecord<>(f, t));
            if (t - MINUTE_MS > watermark) {
                watermark = t - MINUTE_MS;
                harness.processWatermark(watermark);
            }
            next++;
        }
        return next;
    }
}
