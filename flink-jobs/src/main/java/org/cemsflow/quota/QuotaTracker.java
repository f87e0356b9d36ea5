package org.cemsflow.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.alerts.AlertFactory;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.json.Json;
import org.cemsflow.reference.Permit;
import org.cemsflow.reference.SideInput;
import org.cemsflow.time.EventTimeBuffer;
import org.cemsflow.time.LocalTimes;

/**
 * A unit's emitted mass of one pollutant in one local calendar year (key: unit|pollutant|year)
 * against its permit: QUOTA_80 when the year-to-date mass (measured plus
 * substituted) reaches 80 % of the permit in force, QUOTA_100 at 100 %, each once, on the hour
 * whose mass crossed it (window_start = that hour). A mass for an hour already counted replaces
 * it (each hour's mass is kept apart for the allowed lateness plus a day, then only in the totals). A permit that changes mid-year (reference directory, or published later: broadcast state)
 * judges from its valid_from on; one already exceeded then alerts at once; one taken out of the
 * reference (a tombstone) no longer judges. The QUOTA_80 evidence projects the date of 100 % at the year-to-date rate.
 */
public class QuotaTracker
        extends KeyedBroadcastProcessFunction<String, HourMass, SideInput, AlertEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<QuotaUsage> USAGE =
            new OutputTag<>("quota-usage", TypeInformation.of(QuotaUsage.class));

    /** Permits published after the start (broadcast state), on top of those of the reference directory. */
    public static final MapStateDescriptor<String, Permit> PERMITS =
            new MapStateDescriptor<>("permits", Types.STRING, TypeInformation.of(Permit.class));

    static final ValueStateDescriptor<QuotaState> STATE =
            new ValueStateDescriptor<>("quota", TypeInformation.of(QuotaState.class));
    public static final String WARN = "QUOTA_80";
    public static final String CONFIRM = "QUOTA_100";

    private final List<Permit> permits;
    private final double warnRatio;
    private final double confirmRatio;
    private final long answerMs;

    /** How long an hour's mass can still be replaced (a late correction): kept apart until then. */
    private final long replaceableMs;

    private transient ValueState<QuotaState> state;

    /** The hours' masses that can still be replaced, one value per key ({@link KeptHours}). */
    private transient ValueState<KeptHours> kept;

    /**
     * The same as a savepoint before {@link KeptHours} held them, a map entry per point and hour
     * ({@code mn|hourStart}): moved into {@link #kept} when the key is next used.
     */
    private transient MapState<String, double[]> hours;

    private transient MapState<Integer, double[]> months;
    private transient EventTimeBuffer<HourMass> ordered;

    public QuotaTracker(QuotaParams params, List<Permit> permits) {
        this.permits = List.copyOf(permits);
        this.warnRatio = params.warnRatio();
        this.confirmRatio = params.confirmRatio();
        this.answerMs = params.answerMs();
        this.replaceableMs = params.latenessMs() + LocalTimes.DAY_MS;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(STATE);
        kept =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("quota-kept-hours", KeptHours.TYPE));
        hours =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "quota-hours",
                                        Types.STRING,
                                        TypeInformation.of(double[].class)));
        months =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "quota-months",
                                        Types.INT,
                                        TypeInformation.of(double[].class)));
        ordered =
                EventTimeBuffer.of(
                        getRuntimeContext(),
                        "quota-buffer",
                        TypeInformation.of(HourMass.class),
                        m -> m.hourStart + LocalTimes.HOUR_MS - 1,
                        (a, b) -> a.mn.compareTo(b.mn));
    }

    /** The permit in force at {@code t} for this key, or null: the latest valid_from at or before t. */
    Permit permitAt(
            String unit,
            String pollutant,
            int year,
            long t,
            ReadOnlyBroadcastState<String, Permit> published)
            throws Exception {
        List<Permit> all = new java.util.ArrayList<>();
        for (Permit p : permits) {
            if (!published.contains(permitKey(p))) {
                all.add(p); // the directory's, unless the topic changed or removed it since
            }
        }
        for (Map.Entry<String, Permit> e : published.immutableEntries()) {
            if (!Double.isNaN(e.getValue().permittedKg)) {
                all.add(e.getValue()); // NaN: a permit taken out
            }
        }
        Permit found = null;
        for (Permit p : all) {
            if (p.unitId.equals(unit)
                    && p.pollutant.equals(pollutant)
                    && p.year == year
                    && (p.validFrom == null || p.validFrom <= t)
                    && (found == null
                            || (found.validFrom == null ? Long.MIN_VALUE : found.validFrom)
                                    <= (p.validFrom == null ? Long.MIN_VALUE : p.validFrom))) {
                found = p;
            }
        }
        return found;
    }

    static String permitKey(Permit p) {
        return p.unitId + "|" + p.pollutant + "|" + p.year + "|" + p.validFrom;
    }

    @Override
    public void processElement(HourMass m, ReadOnlyContext ctx, Collector<AlertEvent> out)
            throws Exception {
        if (state.value() == null) {
            // a permit that starts mid-year is judged from its first instant, data or not
            for (Permit p : permits) {
                if (p.validFrom != null
                        && p.unitId.equals(m.unitId)
                        && p.pollutant.equals(m.pollutant)
                        && p.year == m.year()) {
                    ctx.timerService().registerEventTimeTimer(p.validFrom);
                }
            }
            state.update(new QuotaState());
        }
        long now = ctx.timerService().currentWatermark();
        if (ordered.offer(m, ctx.timerService())) {
            count(
                    m,
                    Math.max(now, m.hourStart + LocalTimes.HOUR_MS - 1),
                    out,
                    ctx,
                    ctx.getBroadcastState(PERMITS));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
        ReadOnlyBroadcastState<String, Permit> published = ctx.getBroadcastState(PERMITS);
        for (HourMass m : ordered.due(timestamp)) {
            count(m, timestamp, out, ctx, published);
        }
        // hours that can no longer be corrected stay in the totals only
        KeptHours k = keptHours();
        if (k != null) {
            if (k.forgetUpTo(timestamp - replaceableMs)) {
                kept.clear();
            } else {
                kept.update(k);
                // the next hour to settle: its timer fires when the one per hour would have
                ctx.timerService().registerEventTimeTimer(k.oldest() + replaceableMs);
            }
        }
        QuotaState s = state.value();
        if (s != null && s.lastHour > 0) {
            String[] key = ctx.getCurrentKey().split("\\|");
            judge(
                    s,
                    key[0],
                    key[1],
                    Integer.parseInt(key[2]),
                    timestamp,
                    LocalTimes.hourStart(timestamp),
                    out,
                    published);
            state.update(s);
        }
    }

    @Override
    public void processBroadcastElement(SideInput in, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        if (in.kind != SideInput.Kind.PERMIT) {
            return;
        }
        Permit p = in.permit;
        if (in.removed) {
            ctx.getBroadcastState(PERMITS)
                    .put(
                            permitKey(p),
                            new Permit(p.unitId, p.pollutant, p.year, Double.NaN, p.validFrom));
            return;
        }
        ctx.getBroadcastState(PERMITS).put(permitKey(p), p);
        // a new permit that is already exceeded alerts at once
        String key = p.unitId + "|" + p.pollutant + "|" + p.year;
        long now =
                Math.max(
                        ctx.currentWatermark(), p.validFrom == null ? Long.MIN_VALUE : p.validFrom);
        ReadOnlyBroadcastState<String, Permit> published = ctx.getBroadcastState(PERMITS);
        ctx.applyToKeyedState(
                STATE,
                (k, st) -> {
                    QuotaState s = st.value();
                    if (k.equals(key) && s != null && s.lastHour > 0) {
                        judge(
                                s,
                                p.unitId,
                                p.pollutant,
                                p.year,
                                Math.max(now, s.lastHour + LocalTimes.HOUR_MS),
                                LocalTimes.hourStart(Math.max(now, s.lastHour)),
                                out,
                                published);
                        st.update(s);
                    }
                });
    }

    /**
     * The key's kept hours, with those of a savepoint's map moved in first; null when none. The
     * map is looked at only while the key has no kept hours: they are made only once it was found
     * empty or moved, and it gets no entry after.
     */
    private KeptHours keptHours() throws Exception {
        KeptHours k = kept.value();
        if (k == null && !hours.isEmpty()) {
            k = new KeptHours();
            for (Map.Entry<String, double[]> e : hours.entries()) {
                String key = e.getKey();
                int bar = key.lastIndexOf('|');
                k.put(
                        key.substring(0, bar),
                        Long.parseLong(key.substring(bar + 1)),
                        e.getValue()[0],
                        e.getValue()[1]);
            }
            hours.clear();
            kept.update(k);
        }
        return k;
    }

    private void count(
            HourMass m,
            long now,
            Collector<AlertEvent> out,
            ReadOnlyContext ctx,
            ReadOnlyBroadcastState<String, Permit> published)
            throws Exception {
        QuotaState s = state.value();
        KeptHours k = keptHours();
        if (k == null) {
            k = new KeptHours();
        }
        double[] before = k.get(m.mn, m.hourStart);
        double dMeasured = m.measuredKg - (before == null ? 0 : before[0]);
        double dSubstituted = m.substitutedKg - (before == null ? 0 : before[1]);
        Long oldest = k.oldest();
        k.put(m.mn, m.hourStart, m.measuredKg, m.substitutedKg);
        kept.update(k);
        if (oldest == null || m.hourStart < oldest) {
            // one timer a key, at the earliest kept hour's settling, not one an hour (each timer
            // holds the key in the checkpoint: most of this operator's state on real traffic);
            // when it fires it sets the next, so timers fire at the same instants as before
            ctx.timerService().registerEventTimeTimer(m.hourStart + replaceableMs);
        }
        s.measuredKg += dMeasured;
        s.substitutedKg += dSubstituted;
        s.lastHour = Math.max(s.lastHour, m.hourStart);
        int month =
                LocalDateTime.ofInstant(Instant.ofEpochMilli(m.hourStart), LocalTimes.UTC8)
                        .getMonthValue();
        double[] mm = months.get(month);
        if (mm == null) {
            mm = new double[2];
        }
        mm[0] += dMeasured;
        mm[1] += dSubstituted;
        months.put(month, mm);
        // decided at the end of the hour that crossed, whenever its mass arrived
        judge(
                s,
                m.unitId,
                m.pollutant,
                m.year(),
                m.hourStart + LocalTimes.HOUR_MS,
                m.hourStart,
                out,
                published);
        s.version++;
        state.update(s);
        ctx.output(USAGE, usage(m.unitId, m.pollutant, m.year(), month, mm, s, now, published));
    }

    private void judge(
            QuotaState s,
            String unit,
            String pollutant,
            int year,
            long detectedAt,
            long hourStart,
            Collector<AlertEvent> out,
            ReadOnlyBroadcastState<String, Permit> published)
            throws Exception {
        Permit p = permitAt(unit, pollutant, year, hourStart, published);
        if (p == null || p.permittedKg <= 0) {
            return;
        }
        double ratio = s.emitted() / p.permittedKg;
        if (!s.warned && ratio >= warnRatio) {
            s.warned = true;
            out.collect(alert(WARN, unit, pollutant, year, hourStart, detectedAt, s, p, "warning"));
        }
        if (!s.confirmed && ratio >= confirmRatio) {
            s.confirmed = true;
            out.collect(alert(CONFIRM, unit, pollutant, year, hourStart, detectedAt, s, p, "high"));
        }
    }

    private AlertEvent alert(
            String type,
            String unit,
            String pollutant,
            int year,
            long hourStart,
            long detectedAt,
            QuotaState s,
            Permit p,
            String severity) {
        long yearStart =
                LocalDate.of(year, 1, 1).atStartOfDay().toInstant(LocalTimes.UTC8).toEpochMilli();
        long yearEnd =
                LocalDate.of(year + 1, 1, 1)
                        .atStartOfDay()
                        .toInstant(LocalTimes.UTC8)
                        .toEpochMilli();
        Json evidence =
                Json.object()
                        .put("year", (long) year)
                        .put("emitted_kg", s.emitted())
                        .put("measured_kg", s.measuredKg)
                        .put("substituted_kg", s.substitutedKg)
                        .put("permitted_kg", p.permittedKg)
                        .put("ratio", s.emitted() / p.permittedKg)
                        .time("permit_valid_from", p.validFrom);
        if (type.equals(WARN)) {
            double hoursSoFar = Math.max(1, (detectedAt - yearStart) / (double) LocalTimes.HOUR_MS);
            double ratePerHour = s.emitted() / hoursSoFar;
            Long projected = null;
            if (ratePerHour > 0) {
                long at =
                        detectedAt
                                + (long)
                                        (Math.max(0, p.permittedKg - s.emitted())
                                                / ratePerHour
                                                * LocalTimes.HOUR_MS);
                projected = at;
            }
            evidence.time("projected_100_at", projected)
                    .put("projected_within_year", projected != null && projected < yearEnd)
                    .put("rate_kg_per_hour", ratePerHour);
        }
        Alert a =
                AlertFactory.alert(
                        AlertIds.alertId(type, unit, null, pollutant, hourStart),
                        type,
                        severity,
                        unit,
                        null,
                        null,
                        pollutant,
                        hourStart,
                        hourStart + LocalTimes.HOUR_MS,
                        s.emitted(),
                        p.permittedKg,
                        detectedAt,
                        detectedAt + answerMs,
                        evidence.toString());
        return AlertFactory.opened(a);
    }

    private QuotaUsage usage(
            String unit,
            String pollutant,
            int year,
            int month,
            double[] mm,
            QuotaState s,
            long now,
            ReadOnlyBroadcastState<String, Permit> published)
            throws Exception {
        Permit p = permitAt(unit, pollutant, year, s.lastHour, published);
        QuotaUsage u = new QuotaUsage();
        u.unitId = unit;
        u.pollutant = pollutant;
        u.year = year;
        u.month = month;
        u.measuredKg = mm[0];
        u.substitutedKg = mm[1];
        u.ytdEmittedKg = s.emitted();
        u.ytdSubstitutedKg = s.substitutedKg;
        u.permittedKg = p == null ? null : p.permittedKg;
        u.ratio = p == null || p.permittedKg <= 0 ? null : s.emitted() / p.permittedKg;
        u.version = s.version;
        return u;
    }
}
