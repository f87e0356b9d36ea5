package org.cemsflow.exceedance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.model.Codes;
import org.cemsflow.reference.Limit;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.MarkList;
import org.cemsflow.reference.SideInput;
import org.cemsflow.time.EventTimeBuffer;
import org.cemsflow.time.KeyTimers;
import org.cemsflow.time.LocalTimes;

/**
 * Judges a device's hourly and daily means (key: MN) against each point's limit in force for the
 * period, with the unit's marks. Inputs are handled in event-time order (a mean at its period's
 * end, a mark when it was made), so a mark made before a period was judged excuses it at once and
 * a later one (still within the marking deadline) re-judges it: a new verdict with the next
 * revision. Limits are broadcast state: a changed limit applies from its valid_from, else from the
 * next period, without a restart; means that arrive before the reference snapshot is loaded are
 * held, not judged without limits. A limit taken out of the reference (a tombstone) no longer
 * applies: one with a valid_from is gone, one without ends with the current period. Guarantees:
 * one verdict per judged period and revision; state
 * of a period is dropped after the retention (lateness or marking deadline, whichever is longer).
 * A judged period is kept without the names its key's periods share ({@link VerdictNames}).
 */
public class ExceedanceJudge
        extends KeyedBroadcastProcessFunction<String, JudgeInput, SideInput, Verdict> {
    private static final long serialVersionUID = 1L;

    public static final MapStateDescriptor<String, LimitHistory> LIMITS =
            new MapStateDescriptor<>(
                    "limits", Types.STRING, TypeInformation.of(LimitHistory.class));
    public static final MapStateDescriptor<String, Boolean> LOADED =
            new MapStateDescriptor<>("reference-loaded", Types.STRING, Types.BOOLEAN);

    private final Map<String, LimitHistory> initialLimits = new HashMap<>();
    private final boolean waitForSnapshot;
    private final long markDeadlineMs;
    private final long retentionMs;

    private transient EventTimeBuffer<JudgeInput> pending;
    private transient MapState<String, Verdict> judged;

    /** The names the judged periods kept without them share ({@link VerdictNames}). */
    private transient ValueState<Verdict> names;

    private transient ValueState<MarkList> marks;

    /** When each verdict and mark is past its retention, as one value a device. */
    private transient KeyTimers retention;

    /**
     * @param limits the limits known at start (reference directory)
     * @param waitForSnapshot hold means until a LOADED side input arrives (reference from a topic)
     */
    public ExceedanceJudge(ExceedanceParams params, List<Limit> limits, boolean waitForSnapshot) {
        this.waitForSnapshot = waitForSnapshot;
        for (Limit l : limits) {
            initialLimits
                    .computeIfAbsent(limitKey(l.pointId, l.pollutant), k -> new LimitHistory())
                    .add(l);
        }
        this.markDeadlineMs = params.markDeadlineMs();
        this.retentionMs = Math.max(params.latenessMs(), markDeadlineMs) + LocalTimes.HOUR_MS;
    }

    static String limitKey(String pointId, String pollutant) {
        return pointId + "|" + pollutant;
    }

    static long periodEnd(Aggregate a) {
        return a.getPeriodStart()
                + (a.getPeriod() == AggregatePeriod.DAY ? LocalTimes.DAY_MS : LocalTimes.HOUR_MS);
    }

    private static String periodKey(Aggregate a) {
        return a.getPollutant() + "|" + a.getPeriod() + "|" + a.getPeriodStart();
    }

    @Override
    public void open(OpenContext ctx) {
        // at the same instant marks first, as they were made by then
        pending =
                EventTimeBuffer.of(
                        getRuntimeContext(),
                        "judge-pending",
                        TypeInformation.of(JudgeInput.class),
                        j -> j.time,
                        Comparator.comparing(j -> j.mark == null));
        judged =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "judged-means", Types.STRING, VerdictSerializer.TYPE));
        names = getRuntimeContext().getState(VerdictNames.descriptor("judged-names"));
        retention = KeyTimers.of(getRuntimeContext(), "judged-timers");
        marks =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "marks", TypeInformation.of(MarkList.class)));
    }

    @Override
    public void processElement(JudgeInput in, ReadOnlyContext ctx, Collector<Verdict> out)
            throws Exception {
        if (in.mean != null && in.mean.getPointId() == null) {
            return; // meters have no limits
        }
        long watermark = ctx.timerService().currentWatermark();
        if (!loaded(ctx.getBroadcastState(LOADED))) {
            pending.hold(in, Math.max(in.time, watermark + 1), ctx.timerService());
        } else if (pending.offer(in, ctx.timerService())) {
            handle(List.of(in), ctx.getBroadcastState(LIMITS), watermark, ctx.timerService(), out);
        }
    }

    private boolean loaded(ReadOnlyBroadcastState<String, Boolean> state) throws Exception {
        return !waitForSnapshot || Boolean.TRUE.equals(state.get("all"));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Verdict> out)
            throws Exception {
        retention.fired(timestamp, ctx.timerService());
        if (!loaded(ctx.getBroadcastState(LOADED))) {
            // the reference is still loading: hold everything and look again a minute later
            ctx.timerService().registerEventTimeTimer(timestamp + 60_000);
            return;
        }
        // timers were skipped while the reference loaded: everything up to now is due
        handle(
                pending.dueUpTo(timestamp),
                ctx.getBroadcastState(LIMITS),
                timestamp,
                ctx.timerService(),
                out);
        expire(timestamp);
    }

    private void handle(
            List<JudgeInput> inputs,
            ReadOnlyBroadcastState<String, LimitHistory> limits,
            long now,
            TimerService timers,
            Collector<Verdict> out)
            throws Exception {
        for (JudgeInput in : inputs) {
            if (in.mark != null) {
                applyMark(in.mark, out);
                retention.register(Math.max(in.mark.to, in.mark.markedAt) + retentionMs, timers);
                continue;
            }
            Aggregate row = in.mean;
            Verdict v =
                    judge(
                            row,
                            limits.get(limitKey(row.getPointId(), row.getPollutant())),
                            marks.value());
            if (v == null) {
                continue;
            }
            Verdict before = judged.get(periodKey(row));
            v.revision = before == null ? 1 : before.revision + 1;
            judged.put(periodKey(row), VerdictNames.kept(v, names, false));
            retention.register(v.periodEnd + retentionMs, timers);
            out.collect(v);
        }
    }

    /** Records a mark and re-judges the periods already judged that it now excuses. */
    private void applyMark(Mark m, Collector<Verdict> out) throws Exception {
        MarkList list = marks.value();
        if (list == null) {
            list = new MarkList();
        }
        list.marks.add(m);
        marks.update(list);
        Verdict shared = names.value();
        for (Map.Entry<String, Verdict> e : judged.entries()) {
            Verdict v = e.getValue();
            if (!v.excused && excused(v.daily, v.periodStart, list)) {
                v = VerdictNames.whole(v, shared);
                v.excused = true;
                v.exceeding = false;
                v.revision++;
                judged.put(e.getKey(), VerdictNames.kept(v, names, false));
                out.collect(v);
            }
        }
    }

    private void expire(long now) throws Exception {
        List<String> old = new ArrayList<>();
        for (Map.Entry<String, Verdict> e : judged.entries()) {
            if (e.getValue().periodEnd + retentionMs <= now) {
                old.add(e.getKey());
            }
        }
        for (String k : old) {
            judged.remove(k);
        }
        if (judged.isEmpty()) {
            names.clear();
        }
        MarkList list = marks.value();
        if (list != null) {
            list.marks.removeIf(m -> m.to + retentionMs <= now && m.markedAt + retentionMs <= now);
            if (list.marks.isEmpty()) {
                marks.clear();
            } else {
                marks.update(list);
            }
        }
    }

    @Override
    public void processBroadcastElement(SideInput in, Context ctx, Collector<Verdict> out)
            throws Exception {
        switch (in.kind) {
            case LIMIT -> {
                Limit l = in.limit;
                BroadcastState<String, LimitHistory> limits = ctx.getBroadcastState(LIMITS);
                String k = limitKey(l.pointId, l.pollutant);
                LimitHistory h = limits.get(k);
                if (h == null) {
                    h = copy(initialLimits.get(k));
                }
                boolean loaded = Boolean.TRUE.equals(ctx.getBroadcastState(LOADED).get("all"));
                if (in.removed) {
                    // a limit taken out: gone, or, one in force from the start, ended from the next
                    // period
                    if (l.validFrom != null || !loaded) {
                        h.remove(l.validFrom);
                        limits.put(k, h);
                        return;
                    }
                    l = new Limit(l.pointId, l.pollutant, Double.NaN, l.averaging, null);
                }
                if (l.validFrom == null && loaded) {
                    // a changed limit without valid_from applies from the next period
                    long wm = Math.max(ctx.currentWatermark(), 0);
                    l =
                            new Limit(
                                    l.pointId,
                                    l.pollutant,
                                    l.limit,
                                    l.averaging,
                                    l.daily()
                                            ? LocalTimes.dayStart(wm) + LocalTimes.DAY_MS
                                            : LocalTimes.hourStart(wm) + LocalTimes.HOUR_MS);
                }
                h.add(l);
                limits.put(k, h);
            }
            // what was held while loading is judged by its re-armed timers
            case LOADED -> ctx.getBroadcastState(LOADED).put("all", Boolean.TRUE);
            default -> {} // devices are the ingestion gate's
        }
    }

    private static LimitHistory copy(LimitHistory h) {
        LimitHistory c = new LimitHistory();
        if (h != null) {
            c.limits.addAll(h.limits);
        }
        return c;
    }

    private boolean excused(boolean daily, long periodStart, MarkList marks) {
        if (marks == null) {
            return false;
        }
        if (!daily) {
            return marks.excuses(periodStart, LocalTimes.HOUR_MS, markDeadlineMs);
        }
        // a day is excused when every one of its hours is
        for (long h = periodStart; h < periodStart + LocalTimes.DAY_MS; h += LocalTimes.HOUR_MS) {
            if (!marks.excuses(h, LocalTimes.HOUR_MS, markDeadlineMs)) {
                return false;
            }
        }
        return true;
    }

    /** The verdict on one mean, or null when no limit of its averaging period is in force. */
    Verdict judge(Aggregate row, LimitHistory broadcastLimits, MarkList marks) {
        LimitHistory h =
                broadcastLimits != null
                        ? broadcastLimits
                        : initialLimits.get(limitKey(row.getPointId(), row.getPollutant()));
        if (h == null) {
            return null;
        }
        boolean daily = row.getPeriod() == AggregatePeriod.DAY;
        Limit limit = h.at(row.getPeriodStart());
        if (limit == null || limit.daily() != daily) {
            return null;
        }
        // the aggregation sets the O2 reference on the codes it corrects
        Double o2Ref = row.getO2Ref();
        boolean corrected = o2Ref != null && Codes.isAirPollutant(row.getPollutant());
        Verdict v = new Verdict();
        v.mn = row.getMn();
        v.pointId = row.getPointId();
        v.unitId = row.getUnitId();
        v.pollutant = row.getPollutant();
        v.daily = daily;
        v.periodStart = row.getPeriodStart();
        v.periodEnd = periodEnd(row);
        v.avg = row.getAvg();
        v.zsAvg = row.getZsAvg();
        v.valid = row.getValid();
        v.compared = corrected ? row.getZsAvg() : row.getAvg();
        v.limit = limit.limit;
        v.o2Ref = corrected ? o2Ref : null;
        v.noCorrectedMean = corrected && row.getZsAvg() == null;
        v.excused = excused(daily, row.getPeriodStart(), marks);
        v.exceeding = v.valid && !v.excused && v.compared != null && v.compared > v.limit;
        return v;
    }
}
