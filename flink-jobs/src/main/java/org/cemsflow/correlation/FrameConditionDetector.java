package org.cemsflow.correlation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.Reading;
import org.cemsflow.json.Json;
import org.cemsflow.time.LocalTimes;

/**
 * A detector over the records of one device (key: MN) that judges each code of each upload (the
 * readings of one DataTime and record kind together). A run of records of a code that meet its
 * condition for at least the minimum duration qualifies; it ends when a record of the code no
 * longer meets it (or, with a merge gap, when none has met it for that long: repeated spikes are
 * one run), or when a day passes without one. The runs of a device's codes that overlap are one
 * episode and one alert ({@link DeviceEpisodes}). Hosted by {@link DeviceCorrelation}.
 */
public abstract class FrameConditionDetector extends CorrelationRule<Upload> {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final long minDurationMs;
    private final long mergeGapMs;
    private final long answerMs;

    private final DeviceEpisodes episodes;
    private transient MapState<String, ConditionRun> runs;

    /**
     * Devices whose runs this instance found empty and has not written since: most devices have no
     * run open, and with the state in RocksDB each look for one is an iterator (8.6 % of the frame
     * gate chain's CPU). Only this detector writes its runs, and a clear leaves them empty, so an
     * entry stays true; a new instance (a restore, a rescale) starts without any and looks again.
     */
    private transient Set<String> withoutRuns;

    /** At most this many devices in {@link #withoutRuns}; it starts over beyond. */
    static final int WITHOUT_RUNS_MAX = 1 << 18;

    protected FrameConditionDetector(String type, long minDurationMs, CorrelationParams params) {
        this(type, minDurationMs, 0, params);
    }

    protected FrameConditionDetector(
            String type, long minDurationMs, long mergeGapMs, CorrelationParams params) {
        this.type = type;
        this.minDurationMs = minDurationMs;
        this.mergeGapMs = mergeGapMs;
        this.answerMs = params.answerMs();
        this.episodes = new DeviceEpisodes(type, "warning", answerMs);
    }

    /**
     * The codes of one upload that meet the condition, with a deviation for the evidence; codes
     * judged but not meeting it map to null; codes absent were not judged.
     */
    protected abstract Map<String, Double> judge(Map<String, Reading> frame);

    /**
     * False when no code of the upload can meet the condition, so that, while the device has no
     * run open, the upload need not be judged: {@link #judge} would map every code to null, and a
     * null is nothing to a code without a run. Only a detector whose judging changes nothing may
     * say false; true by default.
     */
    protected boolean mayMeet(Upload upload) {
        return true;
    }

    /**
     * {@link #judge(Map)}, told whether the device has no run open ({@code onlyMet}): then a
     * detector may answer an empty map where no code meets the condition, the nulls being nothing
     * to codes without a run; where one does, it answers the whole map, so that the codes come in
     * the same order.
     */
    protected Map<String, Double> judge(Map<String, Reading> frame, boolean onlyMet) {
        return judge(frame);
    }

    /**
     * What the detector saw of a code that met its condition in the upload just judged, for the
     * evidence (the values that make the case); null: nothing beyond the run.
     */
    protected Json observed(Map<String, Reading> frame, String code) {
        return null;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    protected void open() throws Exception {
        withoutRuns = new HashSet<>();
        runs =
                mapState(
                        new MapStateDescriptor<>(
                                type.toLowerCase(java.util.Locale.ROOT) + "-runs",
                                Types.STRING,
                                TypeInformation.of(ConditionRun.class)));
        episodes.open(this);
    }

    @Override
    protected void handle(
            List<Upload> uploads, String key, TimerService timers, Collector<AlertEvent> out)
            throws Exception {
        // most devices have no run open: then a code that does not meet the condition needs no
        // look-up of its run (one state access per call instead of one per code and upload)
        boolean mayHaveRuns = mayHaveRuns(key);
        // the readings of one upload (same DataTime and kind) are judged together
        for (Upload upload : uploads) {
            if (!mayHaveRuns && !mayMeet(upload)) {
                continue;
            }
            Map<String, Reading> frame = upload.byCode();
            Reading any = upload.get(0);
            long t = any.getDataTime();
            for (Map.Entry<String, Double> e : judge(frame, !mayHaveRuns).entrySet()) {
                if (!mayHaveRuns && e.getValue() == null) {
                    continue;
                }
                String code = e.getKey();
                ConditionRun run = mayHaveRuns ? runs.get(code) : null;
                Reading r = frame.get(code);
                if (run != null && t - run.lastTime >= LocalTimes.DAY_MS) {
                    if (run.alertId != null) {
                        episodes.leave(code, member(r, run), t, out);
                    }
                    runs.remove(code); // a day without the code: the run ended then
                    run = null;
                }
                if (e.getValue() == null) {
                    if (run != null && run.alertId != null && t - run.lastTime < mergeGapMs) {
                        continue; // the episode may go on
                    }
                    if (run != null) {
                        if (run.alertId != null) {
                            episodes.leave(code, member(r, run), t, out);
                        }
                        runs.remove(code);
                    }
                    continue;
                }
                if (run == null) {
                    run = new ConditionRun();
                    run.firstTime = t;
                }
                run.lastTime = t;
                run.count++;
                run.worst = Math.max(run.worst, Math.abs(e.getValue()));
                if (run.alertId == null && run.lastTime - run.firstTime >= minDurationMs) {
                    // a run qualifies after the minimum duration (0: at its first record)
                    Json seen = observed(frame, code);
                    run.observed = seen == null ? null : seen.toString();
                    run.alertId =
                            episodes.join(
                                    r.getUnitId(),
                                    r.getPointId(),
                                    r.getMn(),
                                    code,
                                    member(r, run),
                                    t,
                                    out);
                }
                if (!mayHaveRuns) {
                    withoutRuns.remove(key);
                    mayHaveRuns = true;
                }
                runs.put(code, run);
            }
        }
    }

    /** Whether the device may have a run open: false when it has none. */
    private boolean mayHaveRuns(String key) throws Exception {
        if (withoutRuns.contains(key)) {
            return false;
        }
        if (!runs.isEmpty()) {
            return true;
        }
        if (withoutRuns.size() >= WITHOUT_RUNS_MAX) {
            withoutRuns.clear();
        }
        withoutRuns.add(key);
        return false;
    }

    /** The code's part in the device's episode: its run and what made the case. */
    private static EpisodeCode member(Reading r, ConditionRun run) {
        Json evidence =
                Json.object()
                        .put("records", (long) run.count)
                        .time("first", run.firstTime)
                        .time("last", run.lastTime)
                        .put("worst", run.worst)
                        .put("kind", r.getKind().name());
        if (run.observed != null) {
            evidence.raw("observed", run.observed);
        }
        EpisodeCode c = new EpisodeCode();
        c.first = run.firstTime;
        c.last = run.lastTime;
        c.value = run.worst;
        c.evidence = evidence.toString();
        return c;
    }
}
