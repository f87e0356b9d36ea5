package org.cemsflow.exceedance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.cemsflow.alerts.AlertFactory;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.json.Json;
import org.cemsflow.time.EventTimeOrderedFunction;
import org.cemsflow.time.KeyTimers;
import org.cemsflow.time.LocalTimes;

/**
 * The cases of one point and pollutant (key: {@link Verdict#caseKey()}). A case is a maximal run
 * of consecutive exceeding periods at least {@code minRun} long (3 hours; 1 day for the daily rule,
 * where each day is its own case); its id comes from its first period and never changes.
 * Guarantees: one OPENED event per case; a run that grows, whose peak changes or one of whose
 * periods is corrected (the evidence shows every period as it finally is) gives UPDATED; a
 * case that no longer holds after a correction or a mark gives RETRACTED (and REOPENED if it holds
 * again); inputs are handled in event-time order, so the events do not depend on how the CEP path
 * and the verdict path interleave. Cases open on the runs of the verdicts themselves
 * ({@link ConsecutiveRuns}, the definition the CEP rule shares): a CEP match of the same run is the
 * same case, and a run CEP never sees (its verdicts arrived behind CEP's watermark, which CEP
 * drops: late data, a mark, a partition that woke up from idleness behind the others) opens all
 * the same. State of a period and of a case is dropped after the retention.
 *
 * <p>A period's verdict is kept without its names (MN, point, unit, pollutant: most of its bytes)
 * when they are those of the key's first verdict, which is kept once beside them; it is read back
 * whole, so what the cases and alerts see is the verdict as it was judged.
 */
public class ExceedanceCaseTracker
        extends EventTimeOrderedFunction<String, TrackerInput, AlertEvent> {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int minRun;
    private final boolean merge;
    private final long answerMs;
    private final double criticalRatio;
    private final long retentionMs;
    private final TypeInformation<Verdict> periodsType;

    private transient MapState<Long, Verdict> periods;
    private transient MapState<Long, CaseState> cases;

    /** The names of the key's first verdict kept, which the periods kept without names share. */
    private transient ValueState<Verdict> names;

    /** When each period and case is past its retention, as one value a key. */
    private transient KeyTimers timers;

    /**
     * @param minRun periods in a row that make a case
     * @param merge consecutive exceeding periods form one case (hourly) or each period its own (daily)
     */
    public ExceedanceCaseTracker(String type, int minRun, boolean merge, ExceedanceParams params) {
        this(type, minRun, merge, params, VerdictSerializer.TYPE);
    }

    /** @param periodsType how the periods' verdicts are kept (tests: as an earlier version kept them) */
    ExceedanceCaseTracker(
            String type,
            int minRun,
            boolean merge,
            ExceedanceParams params,
            TypeInformation<Verdict> periodsType) {
        super(TypeInformation.of(TrackerInput.class));
        this.periodsType = periodsType;
        this.type = type;
        this.minRun = minRun;
        this.merge = merge;
        this.answerMs = params.answerMs();
        this.criticalRatio = params.criticalRatio();
        this.retentionMs =
                Math.max(params.latenessMs(), params.markDeadlineMs()) + 2 * LocalTimes.DAY_MS;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        periods =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("case-periods", Types.LONG, periodsType));
        cases =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "cases", Types.LONG, TypeInformation.of(CaseState.class)));
        names = getRuntimeContext().getState(VerdictNames.descriptor("case-names"));
        timers = KeyTimers.of(getRuntimeContext(), "case-timers");
    }

    @Override
    protected long timeOf(TrackerInput in) {
        return in.time;
    }

    @Override
    protected java.util.Comparator<TrackerInput> tieBreak() {
        return (a, b) -> Boolean.compare(a.match, b.match);
    }

    /** Orders by when the input was decided (a re-judged period is decided long after it ended). */
    @Override
    protected TrackerInput arrive(TrackerInput in, Context ctx) {
        if (ctx.timestamp() != null) {
            in.time = ctx.timestamp();
        }
        return in;
    }

    @Override
    protected void afterInputs(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
        timers.fired(timestamp, ctx.timerService());
        expire(timestamp);
    }

    @Override
    protected void handle(List<TrackerInput> inputs, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        long now = Long.MIN_VALUE;
        for (TrackerInput in : inputs) {
            now = Math.max(now, in.time);
            for (Verdict v : in.verdicts) {
                Verdict stored = periods.get(v.periodStart);
                if (stored == null || v.revision >= stored.revision) {
                    periods.put(v.periodStart, VerdictNames.kept(v, names, true));
                    timers.register(v.periodEnd + retentionMs, ctx.timerService());
                }
            }
        }
        recompute(now, ctx, out);
    }

    /** A run of consecutive exceeding periods [first, last]. */
    private record Run(List<Verdict> periods) {
        long start() {
            return periods.get(0).periodStart;
        }

        long end() {
            return periods.get(periods.size() - 1).periodEnd;
        }

        double peak() {
            double p = Double.NEGATIVE_INFINITY;
            for (Verdict v : periods) {
                p = Math.max(p, v.compared);
            }
            return p;
        }

        boolean overlaps(CaseState c) {
            return start() < c.windowEnd && end() > c.windowStart;
        }
    }

    private List<Run> runs(TreeMap<Long, Verdict> all) {
        List<Run> runs = new ArrayList<>();
        for (List<Verdict> r : ConsecutiveRuns.runs(all.values(), minRun, merge)) {
            runs.add(new Run(r));
        }
        return runs;
    }

    private void recompute(long now, Context ctx, Collector<AlertEvent> out) throws Exception {
        TreeMap<Long, Verdict> all = new TreeMap<>();
        Verdict shared = names.value();
        for (Map.Entry<Long, Verdict> e : periods.entries()) {
            all.put(e.getKey(), VerdictNames.whole(e.getValue(), shared));
        }
        List<Run> runs = runs(all);
        Set<Long> handled = new HashSet<>();
        List<CaseState> known = new ArrayList<>();
        for (CaseState c : cases.values()) {
            known.add(c);
        }
        known.sort((a, b) -> Long.compare(a.windowStart, b.windowStart));
        for (CaseState c : known) {
            if (c.retracted) {
                continue;
            }
            Run r = runs.stream().filter(x -> x.overlaps(c)).findFirst().orElse(null);
            if (r != null && r.start() == c.windowStart) {
                handled.add(r.start());
                if (r.end() != c.windowEnd
                        || r.peak() != c.peak
                        || alert(c, r).getEvidence().hashCode() != c.evidenceHash) {
                    c.windowEnd = r.end();
                    c.peak = r.peak();
                    emit(c, AlertEventType.UPDATED, r, now, out);
                }
            } else {
                c.retracted = true;
                emit(
                        c,
                        AlertEventType.RETRACTED,
                        r == null ? new Run(periodsOf(all, c)) : r,
                        now,
                        out);
            }
        }
        for (Run r : runs) {
            if (handled.contains(r.start())) {
                continue;
            }
            CaseState c = cases.get(r.start());
            AlertEventType event = AlertEventType.REOPENED;
            if (c == null) {
                c = new CaseState();
                c.windowStart = r.start();
                c.alertId =
                        AlertIds.alertId(
                                type,
                                r.periods.get(0).unitId,
                                r.periods.get(0).pointId,
                                r.periods.get(0).pollutant,
                                r.start());
                // decided when the last period needed for the rule ended
                c.detectedAt = r.periods.get(minRun - 1).periodEnd;
                event = AlertEventType.OPENED;
            }
            c.retracted = false;
            c.windowEnd = r.end();
            c.peak = r.peak();
            emit(c, event, r, now, out);
            timers.register(c.windowEnd + retentionMs, ctx.timerService());
        }
    }

    private static List<Verdict> periodsOf(TreeMap<Long, Verdict> all, CaseState c) {
        List<Verdict> l = new ArrayList<>(all.subMap(c.windowStart, c.windowEnd).values());
        return l;
    }

    private void emit(CaseState c, AlertEventType event, Run r, long now, Collector<AlertEvent> out)
            throws Exception {
        c.sequence++;
        cases.put(c.windowStart, c);
        Alert a = alert(c, r);
        c.evidenceHash = a.getEvidence().hashCode();
        cases.put(c.windowStart, c);
        long at = event == AlertEventType.OPENED ? c.detectedAt : Math.max(now + 1, c.detectedAt);
        out.collect(AlertFactory.event(event, c.sequence, at, a));
    }

    private Alert alert(CaseState c, Run r) {
        Verdict first = r.periods.isEmpty() ? null : r.periods.get(0);
        StringBuilder values = new StringBuilder("[");
        for (Verdict v : r.periods) {
            if (values.length() > 1) {
                values.append(',');
            }
            values.append(
                    Json.object()
                            .time("period_start", v.periodStart)
                            .put("avg", v.avg)
                            .put("zs_avg", v.zsAvg)
                            .put("compared", v.compared)
                            .put("valid", v.valid)
                            .put("excused", v.excused)
                            .put("no_corrected_mean", v.noCorrectedMean)
                            .put("exceeding", v.exceeding));
        }
        values.append(']');
        double limit = first == null ? Double.NaN : first.limit;
        String evidence =
                Json.object()
                        .put("limit", first == null ? null : first.limit)
                        .put("o2_ref", first == null ? null : first.o2Ref)
                        .put("compared", first != null && first.o2Ref != null ? "zs_avg" : "avg")
                        .put("periods", (long) r.periods.size())
                        .raw(first != null && first.daily ? "days" : "hours", values.toString())
                        .toString();
        return AlertFactory.alert(
                c.alertId,
                type,
                c.peak >= criticalRatio * limit ? "critical" : "high",
                first == null ? null : first.unitId,
                first == null ? null : first.pointId,
                first == null ? null : first.mn,
                first == null ? null : first.pollutant,
                c.windowStart,
                c.windowEnd,
                c.peak,
                first == null ? null : first.limit,
                c.detectedAt,
                c.detectedAt + answerMs,
                evidence);
    }

    private void expire(long now) throws Exception {
        // periods of a case that is still live stay, however long the streak has run
        List<CaseState> live = new ArrayList<>();
        for (CaseState c : cases.values()) {
            if (!c.retracted && c.windowEnd + retentionMs > now) {
                live.add(c);
            }
        }
        List<Long> old = new ArrayList<>();
        for (Map.Entry<Long, Verdict> e : periods.entries()) {
            long start = e.getKey();
            boolean inLiveCase =
                    live.stream().anyMatch(c -> start >= c.windowStart && start < c.windowEnd);
            if (e.getValue().periodEnd + retentionMs <= now && !inLiveCase) {
                old.add(e.getKey());
            }
        }
        for (Long k : old) {
            periods.remove(k);
        }
        List<Long> done = new ArrayList<>();
        for (Map.Entry<Long, CaseState> e : cases.entries()) {
            if (e.getValue().windowEnd + retentionMs <= now) {
                done.add(e.getKey());
            }
        }
        for (Long k : done) {
            cases.remove(k);
        }
        if (periods.isEmpty() && cases.isEmpty()) {
            names.clear();
        }
    }
}
