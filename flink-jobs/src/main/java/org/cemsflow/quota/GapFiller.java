package org.cemsflow.quota;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.reference.MarkList;
import org.cemsflow.time.EventTimeOrderedFunction;
import org.cemsflow.time.LocalTimes;

/**
 * The hourly emission mass of a unit's points (key: unit), with its gaps filled: an
 * hour without a valid mass between two valid ones, while the unit produces (no shutdown mark made
 * in time covers it, and its production meters, where it has any with a rated power, do not all
 * show it stopped), gets first the manual substitute data that cover it, else, for gaps up to
 * the short-gap length, the mean of the last valid hour before and the first valid hour after,
 * else the maximum hourly mass of the previous valid hours (720 by default). A gap is filled when
 * it closes (gaps only count between a point's first and last valid hour). Inputs are taken in
 * event-time order; a corrected hour re-emits its measured mass (it replaces the earlier one).
 */
public class GapFiller extends EventTimeOrderedFunction<String, QuotaInput, HourMass> {
    private static final long serialVersionUID = 1L;
    private static final long H = LocalTimes.HOUR_MS;

    private final int shortGapHours;
    private final int lookback;
    private final long markDeadlineMs;
    private final Set<String> shutdownKinds;
    private final TypeInformation<PointSeries> seriesType;

    private transient MapState<String, PointSeries> series;

    /** Per hour: production meters seen, and how many of them showed the unit running. */
    private transient MapState<Long, int[]> meters;

    private transient ValueState<MarkList> shutdowns;
    private transient ValueState<SubstituteList> substitutes;

    public GapFiller(QuotaParams params) {
        this(params, QuotaInputTypeInfo.INSTANCE);
    }

    /** With the waiting inputs as {@code stateType} writes them (tests: as earlier versions did). */
    GapFiller(QuotaParams params, TypeInformation<QuotaInput> stateType) {
        this(params, stateType, PointSeriesSerializer.TYPE);
    }

    /** With the series as {@code seriesType} writes them too (tests: as earlier versions did). */
    GapFiller(
            QuotaParams params,
            TypeInformation<QuotaInput> stateType,
            TypeInformation<PointSeries> seriesType) {
        super(stateType);
        this.seriesType = seriesType;
        this.shortGapHours = params.shortGapHours();
        this.lookback = params.lookbackValidHours();
        this.markDeadlineMs = params.markDeadlineMs();
        this.shutdownKinds = params.shutdownKinds();
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        series =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("mass-series", Types.STRING, seriesType));
        meters =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "production-hours",
                                        Types.LONG,
                                        TypeInformation.of(int[].class)));
        shutdowns =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "shutdowns", TypeInformation.of(MarkList.class)));
        substitutes =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "substitutes", TypeInformation.of(SubstituteList.class)));
    }

    @Override
    protected long timeOf(QuotaInput in) {
        return in.time;
    }

    /** What is known (substitutes, marks, meters) before the masses it applies to. */
    @Override
    protected java.util.Comparator<QuotaInput> tieBreak() {
        return (a, b) -> Integer.compare(a.rank(), b.rank());
    }

    @Override
    protected void handle(List<QuotaInput> inputs, Context ctx, Collector<HourMass> out)
            throws Exception {
        // revisions of an hour that are due together (a device that uploaded the hour in pieces):
        // the last one is the hour; an earlier one would fill a gap with a mass that is not final
        // yet
        Map<String, Integer> latest = new java.util.HashMap<>();
        for (QuotaInput in : inputs) {
            if (in.mean != null) {
                latest.merge(hourKey(in.mean), in.mean.getRevision(), Math::max);
            }
        }
        for (QuotaInput in : inputs) {
            if (in.mean == null || in.mean.getRevision() == latest.get(hourKey(in.mean))) {
                handle(in, out);
            }
        }
    }

    private static String hourKey(Aggregate a) {
        return a.getMn() + "|" + a.getPollutant() + "|" + a.getPeriodStart();
    }

    private void handle(QuotaInput in, Collector<HourMass> out) throws Exception {
        if (in.mark != null) {
            if (shutdownKinds.contains(in.mark.kind)) {
                MarkList l = shutdowns.value() == null ? new MarkList() : shutdowns.value();
                l.marks.add(in.mark);
                shutdowns.update(l);
            }
        } else if (in.meterHour != null) {
            int[] seen = meters.get(in.meterHour);
            if (seen == null) {
                seen = new int[2];
            }
            seen[0]++;
            seen[1] += in.running ? 1 : 0;
            meters.put(in.meterHour, seen);
        } else if (in.substitute != null) {
            SubstituteList l =
                    substitutes.value() == null ? new SubstituteList() : substitutes.value();
            l.substitutes.add(in.substitute);
            substitutes.update(l);
        } else {
            onHour(in.mean, out);
        }
    }

    private void onHour(Aggregate row, Collector<HourMass> out) throws Exception {
        String pollutant = row.getPollutant();
        String key = row.getMn() + "|" + pollutant;
        PointSeries s = series.get(key);
        if (s == null) {
            s = new PointSeries();
        }
        s.unitId = row.getUnitId();
        s.pointId = row.getPointId();
        long hour = row.getPeriodStart();
        Double mass = row.getEmissionKg();
        boolean latestTurnsValid =
                s.lastHour != null
                        && hour == s.lastHour
                        && mass != null
                        && (s.lastValidHour == null || s.lastValidHour < hour);
        if (s.lastHour != null && hour <= s.lastHour && !latestTurnsValid) {
            // a corrected hour: its measured mass replaces what was counted for it (a filled gap's
            // too)
            if (mass != null) {
                out.collect(mass(s, pollutant, row.getMn(), hour, mass, 0, ""));
                series.put(key, s);
            }
            return;
        }
        // a new hour, or the latest one made valid by a revision (a device uploading late sends an
        // hour in pieces): either closes the gap since the last valid hour
        s.lastHour = hour;
        if (mass != null) {
            if (s.lastValidHour != null && hour > s.lastValidHour + H) {
                fill(s, pollutant, row.getMn(), s.lastValidHour + H, hour, mass, out);
            }
            out.collect(mass(s, pollutant, row.getMn(), hour, mass, 0, ""));
            s.lastValidHour = hour;
            s.lastValidMass = mass;
            s.remember(mass, lookback);
        }
        series.put(key, s);
    }

    /** Fills the gap hours [from, to) that closed with a valid hour of mass {@code after}. */
    private void fill(
            PointSeries s,
            String pollutant,
            String mn,
            long from,
            long to,
            double after,
            Collector<HourMass> out)
            throws Exception {
        long gapHours = (to - from) / H;
        double byRule = gapHours <= shortGapHours ? (s.lastValidMass + after) / 2 : s.maxRecent();
        String ruleName = gapHours <= shortGapHours ? "interpolated" : "max" + lookback;
        MarkList stops = shutdowns.value();
        SubstituteList manual = substitutes.value();
        for (long h = from; h < to; h += H) {
            int[] production = meters.get(h);
            if ((stops != null && stops.excuses(h, H, markDeadlineMs))
                    || (production != null && production[1] == 0)) {
                continue; // declared stopped, or the production meters show it stopped: nothing to
                // substitute
            }
            Substitute sub = manual == null ? null : manual.covering(pollutant, h);
            if (sub != null) {
                out.collect(mass(s, pollutant, mn, h, 0, sub.kgPerHour, "manual"));
            } else {
                out.collect(mass(s, pollutant, mn, h, 0, byRule, ruleName));
            }
        }
        forgetMetersBefore(to);
    }

    /** Meter hours before every point's last valid hour can fill no gap any more. */
    private void forgetMetersBefore(long limit) throws Exception {
        long oldest = limit;
        for (PointSeries p : series.values()) {
            if (p.lastValidHour != null) {
                oldest = Math.min(oldest, p.lastValidHour);
            }
        }
        List<Long> old = new ArrayList<>();
        for (Long h : meters.keys()) {
            if (h < oldest) {
                old.add(h);
            }
        }
        for (Long h : old) {
            meters.remove(h);
        }
    }

    private static HourMass mass(
            PointSeries s,
            String pollutant,
            String mn,
            long hour,
            double measured,
            double substituted,
            String method) {
        HourMass m = new HourMass();
        m.unitId = s.unitId;
        m.pointId = s.pointId;
        m.pollutant = pollutant;
        m.mn = mn;
        m.hourStart = hour;
        m.measuredKg = measured;
        m.substitutedKg = substituted;
        m.method = method;
        return m;
    }

    /** The manual substitute data of a device (Flink POJO state). */
    public static class SubstituteList {
        @TypeInfo(SubstitutesType.class)
        public List<Substitute> substitutes = new ArrayList<>();

        public SubstituteList() {}

        Substitute covering(String pollutant, long hour) {
            Substitute found = null;
            for (Substitute s : substitutes) {
                if (s.pollutant.equals(pollutant) && s.covers(hour)) {
                    found = s; // the latest wins
                }
            }
            return found;
        }
    }

    /** {@code List<Substitute>} with Flink's list serializer. */
    public static final class SubstitutesType extends TypeInfoFactory<List<Substitute>> {
        @Override
        public TypeInformation<List<Substitute>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> params) {
            return Types.LIST(Types.POJO(Substitute.class));
        }
    }
}
