package org.cemsflow.correlation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.time.LocalTimes;

/**
 * The correlation rules of one device (key: MN): CONSTANT_VALUE, ZERO_VALUE, SUDDEN_CHANGE and
 * CONVERSION_MISMATCH. Inputs are whole uploads (one record per frame, taken from the frame gate
 * without a shuffle), judged as they arrive: a device's frames come in the order of its partition,
 * the same on every replay, so waiting for the watermark would only keep an hour of frames in
 * state. An upload older than one already judged (a frame overtaken in transit) is not judged,
 * only passed on. A local run's sorted readings come so too, as uploads (its source's records).
 *
 * <p>The rules judge the finest records the device sends, so that one anomaly is one alert:
 * real-time records, or minute records of a device that has sent no real-time record for an hour;
 * never the hourly and daily summaries of what was judged already. It also passes on, in
 * {@link #UNIT_SIGNALS}, what the per-unit rules need of each upload of any kind: one
 * {@link UnitSignal} (valid data or not, meter power and water, stack O2 and flows).
 */
public class DeviceCorrelation extends RuleHost<DecodedFrame, Upload> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<UnitSignal> UNIT_SIGNALS =
            new OutputTag<>("unit-signals", UnitSignalSerializer.TYPE);

    private final String powerCode;
    private final String waterCode;

    /**
     * How far the device's uploads went: {DataTime of the latest upload the rules judged, of its
     * latest real-time upload, of its latest upload}, {@link #NONE} for none. One value, read once
     * and written once per frame (each state access is a look-up in RocksDB).
     */
    private transient ValueState<long[]> progress;

    /**
     * Where the three times were kept before, a value each (the latest input's is the host's):
     * read once per device, then cleared.
     */
    private transient ValueState<Long> lastJudged;

    private transient ValueState<Long> lastRealtime;

    /** Slots of {@link #progress}. */
    private static final int JUDGED = 0, REALTIME = 1, INPUT = 2;

    /**
     * The progress as the call's {@link #ruleInputs} read it, and as the call moves it; written
     * back by {@link #advance} at the call's end.
     */
    private transient long[] read;

    private transient long[] moved;

    private static final Comparator<Reading> BY_CODE = Comparator.comparing(Reading::getCode);

    /**
     * No time: no upload judged, or none of real-time records; the host's "no input" too, so that
     * {@link #advance} can answer with the slot as kept.
     */
    static final long NONE = NO_INPUT;

    public DeviceCorrelation(CorrelationParams params, Set<String> enabled) {
        super(TypeInformation.of(DecodedFrame.class), params);
        this.powerCode = params.powerCode();
        this.waterCode = params.waterCode();
        add(new ConstantValueDetector(params), enabled);
        add(new ZeroValueDetector(params), enabled);
        add(new SuddenChangeDetector(params), enabled);
        add(new ConversionMismatchDetector(params), enabled);
    }

    @Override
    protected long timeOf(DecodedFrame f) {
        return f.dataTime;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        progress =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "judged-progress",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        lastRealtime =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-realtime", Types.LONG));
        lastJudged =
                getRuntimeContext().getState(new ValueStateDescriptor<>("last-judged", Types.LONG));
    }

    @Override
    protected boolean inArrivalOrder() {
        return true;
    }

    @Override
    protected void clearHostState() {
        progress.clear();
        lastJudged.clear();
        lastRealtime.clear();
        lastInput.clear();
    }

    /** The device's progress; a savepoint's three values move into it (all NONE: nothing yet). */
    private long[] progress() throws Exception {
        long[] p = progress.value();
        if (p == null) {
            p = new long[] {NONE, NONE, NONE};
            Long judged = lastJudged.value();
            Long realtime = lastRealtime.value();
            Long input = lastInput.value();
            if (judged != null || realtime != null || input != null) {
                p[JUDGED] = judged == null ? NONE : judged;
                p[REALTIME] = realtime == null ? NONE : realtime;
                p[INPUT] = input == null ? NONE : input;
                lastJudged.clear();
                lastRealtime.clear();
                lastInput.clear();
                progress.update(p);
            }
        }
        return p;
    }

    private static Long time(long t) {
        return t == NONE ? null : t;
    }

    @Override
    protected long advance(long latest) throws Exception {
        long[] p = moved;
        long before = p[INPUT];
        if (before == NONE || latest > before) {
            p[INPUT] = latest;
        }
        if (!java.util.Arrays.equals(read, p)) {
            progress.update(p);
        }
        read = null;
        moved = null;
        return before;
    }

    @Override
    protected Long lastInput() throws Exception {
        return time(progress()[INPUT]);
    }

    /** The uploads the rules judge (see the class comment), each one's readings by code. */
    @Override
    protected List<Upload> ruleInputs(String mn, List<DecodedFrame> arrived) throws Exception {
        read = progress();
        moved = read.clone();
        long judged = read[JUDGED];
        long realtime = read[REALTIME];
        // the usual call is one frame as it arrived: no list of the frames that pass
        List<DecodedFrame> frames = arrived.size() == 1 ? null : new ArrayList<>(arrived.size());
        int passed = 0;
        for (DecodedFrame f : arrived) {
            if (judged == NONE || f.dataTime >= judged) {
                if (frames != null) {
                    frames.add(f);
                }
                passed++;
                judged = f.dataTime;
                if (!f.readings.isEmpty()
                        && f.readings.get(0).getKind() == RecordKind.REALTIME
                        && (realtime == NONE || f.dataTime > realtime)) {
                    realtime = f.dataTime;
                }
            }
        }
        if (passed == 0) {
            return List.of();
        }
        moved[JUDGED] = judged;
        moved[REALTIME] = realtime;
        List<Upload> uploads = new ArrayList<>(2);
        for (DecodedFrame f : frames == null ? arrived : frames) {
            for (Reading r : f.readings) {
                RecordKind kind = r.getKind();
                if (kind == RecordKind.REALTIME
                        || (kind == RecordKind.MINUTE
                                && (realtime == NONE
                                        || r.getDataTime() - realtime >= LocalTimes.HOUR_MS))) {
                    addTo(uploads, r);
                }
            }
        }
        for (Upload upload : uploads) {
            upload.sort(BY_CODE);
        }
        return uploads;
    }

    /** Passes on what the unit rules need of each upload (of every kind: a summary is data too). */
    @Override
    protected void afterRules(List<DecodedFrame> frames, Context ctx, Collector<AlertEvent> out) {
        List<Reading> all;
        if (frames.size() == 1) {
            all = frames.get(0).readings; // the usual call: one frame as it arrived
        } else {
            all = new ArrayList<>();
            for (DecodedFrame f : frames) {
                all.addAll(f.readings);
            }
        }
        for (Upload upload : uploads(all)) {
            UnitSignal s = UnitSignal.of(upload, powerCode, waterCode);
            if (s != null) {
                ctx.output(UNIT_SIGNALS, s);
            }
        }
    }

    /** The readings of each upload (same DataTime and record kind), in their order. */
    static List<Upload> uploads(List<Reading> readings) {
        List<Upload> uploads = new ArrayList<>(2);
        for (Reading r : readings) {
            addTo(uploads, r);
        }
        return uploads;
    }

    /** Adds a reading to its upload among {@code uploads}, a new one when it has none yet. */
    private static void addTo(List<Upload> uploads, Reading r) {
        for (int i = uploads.size() - 1; i >= 0; i--) {
            Upload upload = uploads.get(i);
            Reading first = upload.get(0);
            if (first.getDataTime() == r.getDataTime() && first.getKind() == r.getKind()) {
                upload.add(r);
                return;
            }
        }
        Upload upload = new Upload();
        upload.add(r);
        uploads.add(upload);
    }
}
