package org.cemsflow.correlation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.Reading;
import org.cemsflow.json.Json;
import org.cemsflow.model.Codes;
import org.cemsflow.time.LocalTimes;

/**
 * CONSTANT_VALUE (恒值), per device, code and record kind: the same valid value
 * (within the tolerance) for at least N records in a row spanning at least 60 minutes (params),
 * as in the real capture's humidity of 40.00 for an hour. Not counted: a water analyser repeating
 * its last result with the same SampleTime (not a new measurement; analysers without SampleTime
 * are not judged), zeros and O2 at ambient
 * (a stopped stack: the zero and shutdown cases), and codes constant by nature (duct area).
 * A run qualifies at its N-th record; it ends when the value changes, or after a day without
 * records of the code. The runs of a device's codes that overlap are one episode and one alert
 * ({@link DeviceEpisodes}: humidity, pressure and temperature stuck at once are one lead). Hosted by
 * {@link DeviceCorrelation} (key: MN).
 */
public class ConstantValueDetector extends CorrelationRule<Upload> {
    private static final long serialVersionUID = 1L;
    public static final String TYPE = "CONSTANT_VALUE";

    private final int minRecords;
    private final long minDurationMs;
    private final double tolerance;
    private final Set<String> excluded;
    private final Set<String> analysers;
    private final double stackStoppedO2;
    private final DeviceEpisodes episodes;

    /** The current run of each code and record kind of the device. */
    private transient ValueState<ConstantRunsByCode> runs;

    /** Where the runs were kept before they were one value per device: read once, then cleared. */
    private transient MapState<String, ConstantRun> formerRuns;

    public ConstantValueDetector(CorrelationParams params) {
        this.minRecords = params.constantMinRecords();
        this.minDurationMs = params.constantMinMs();
        this.tolerance = params.constantTolerance();
        this.excluded = params.constantExcludedCodes();
        this.analysers = params.analyserCodes();
        this.stackStoppedO2 = params.stackStoppedO2();
        this.episodes = new DeviceEpisodes(TYPE, "warning", params.answerMs());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Point readings of real-time and minute records; a water analyser's only when they carry a
     * SampleTime (without it a repeated result cannot be told from a new identical one).
     */
    public boolean applies(Reading r) {
        return r.getPointId() != null
                && !excluded.contains(r.getCode())
                && (r.getKind() == org.cemsflow.avro.RecordKind.REALTIME
                        || r.getKind() == org.cemsflow.avro.RecordKind.MINUTE)
                && (!analysers.contains(r.getCode()) || r.getSampleTime() != null);
    }

    @Override
    protected void open() throws Exception {
        runs =
                valueState(
                        new ValueStateDescriptor<>(
                                "constant-runs-by-code",
                                TypeInformation.of(ConstantRunsByCode.class)));
        formerRuns =
                mapState(
                        new MapStateDescriptor<>(
                                "constant-runs",
                                Types.STRING,
                                TypeInformation.of(ConstantRun.class)));
        episodes.open(this);
    }

    /** The device's runs; a savepoint's per-code entries move into them on first use. */
    private ConstantRunsByCode runs() throws Exception {
        ConstantRunsByCode byCode = runs.value();
        if (byCode == null) {
            byCode = new ConstantRunsByCode();
            if (!formerRuns.isEmpty()) {
                for (Map.Entry<String, ConstantRun> e : formerRuns.entries()) {
                    byCode.put(e.getKey(), e.getValue());
                }
                formerRuns.clear();
            }
        }
        return byCode;
    }

    private boolean stopped(Reading r, double v) {
        return v == 0 || (r.getCode().equals(Codes.O2) && v >= stackStoppedO2);
    }

    @Override
    protected void handle(
            List<Upload> uploads, String key, TimerService timers, Collector<AlertEvent> out)
            throws Exception {
        ConstantRunsByCode byCode = null;
        for (Upload upload : uploads) {
            for (Reading r : upload) {
                Double v = Alerts.validValue(r);
                if (v == null || !applies(r)) {
                    continue;
                }
                String code = Alerts.codeKindKey(r);
                if (byCode == null) {
                    byCode = runs();
                }
                int at = byCode.indexOf(code);
                ConstantRun current = at < 0 ? null : byCode.runs[at];
                if (current != null
                        && r.getSampleTime() != null
                        && r.getSampleTime().equals(current.lastSampleTime)) {
                    continue; // the analyser repeats its last result: no new measurement
                }
                boolean continues =
                        current != null && r.getDataTime() - current.lastTime < LocalTimes.DAY_MS;
                if (continues && Math.abs(v - current.value) <= tolerance && !stopped(r, v)) {
                    current.count++;
                    current.lastTime = r.getDataTime();
                    current.lastSampleTime = r.getSampleTime();
                    if (current.alertId == null
                            && current.count >= minRecords
                            && current.lastTime - current.firstTime >= minDurationMs) {
                        current.alertId =
                                episodes.join(
                                        r.getUnitId(),
                                        r.getPointId(),
                                        r.getMn(),
                                        r.getCode(),
                                        member(r, current),
                                        current.lastTime,
                                        out);
                    }
                } else {
                    if (current != null && current.alertId != null) {
                        episodes.leave(r.getCode(), member(r, current), r.getDataTime(), out);
                    }
                    current = new ConstantRun();
                    current.value = v;
                    current.firstTime = r.getDataTime();
                    current.lastTime = r.getDataTime();
                    current.count = 1;
                    current.lastSampleTime = r.getSampleTime();
                    byCode.put(at, code, current);
                }
            }
        }
        if (byCode != null) {
            runs.update(byCode);
        }
    }

    /** The code's part in the device's episode: the stuck value and its run. */
    private EpisodeCode member(Reading r, ConstantRun c) {
        EpisodeCode m = new EpisodeCode();
        m.first = c.firstTime;
        m.last = c.lastTime;
        m.value = c.value;
        m.evidence =
                Json.object()
                        .put("value", c.value)
                        .put("records", (long) c.count)
                        .time("first", c.firstTime)
                        .time("last", c.lastTime)
                        .put("kind", r.getKind().name())
                        .put("tolerance", tolerance)
                        .toString();
        return m;
    }
}
