package org.cemsflow.correlation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.cemsflow.json.Json;
import org.cemsflow.reference.Device;

/**
 * What the electricity and water meters of a unit say about production, shared by the per-unit
 * rules of {@link UnitCorrelation}: a meter's rated power is rated_kw of meters.csv, else learned
 * from its own readings ({@link RatedPowerLearner}, none before {@code rated.min-days}); a
 * production meter shows the unit running at >= {@code production.running-ratio} x rated, a water
 * meter when water flows.
 */
public class MeterRatings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final UnitDevices devices;
    private final double runningRatio;
    private final int learnDays;
    private final int minDays;
    private final double percentile;

    private transient MapState<String, RatedPowerLearner> learned;

    /** What each meter of the unit last said: producing or not. */
    private transient MapState<String, Boolean> meters;

    public MeterRatings(CorrelationParams params, UnitDevices devices) {
        this.devices = devices;
        this.runningRatio = params.runningRatio();
        this.learnDays = params.ratedLearnDays();
        this.minDays = params.ratedMinDays();
        this.percentile = params.ratedPercentile();
    }

    void open(RuntimeContext runtime) {
        learned =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "learned-rating",
                                Types.STRING,
                                TypeInformation.of(RatedPowerLearner.class)));
        meters =
                runtime.getMapState(
                        new MapStateDescriptor<>("meters-producing", Types.STRING, Types.BOOLEAN));
    }

    void clear() {
        learned.clear();
        meters.clear();
    }

    /** The meter of an MN (null when it is not a known meter). */
    Device meterOf(String mn) throws Exception {
        Device d = devices.device(mn);
        return d != null && d.isMeter() ? d : null;
    }

    /** Learns from the valid power of a meter without rated_kw, and notes what the meter says. */
    void observe(UnitSignal s) throws Exception {
        Boolean on = producing(s);
        if (on != null) {
            meters.put(s.mn, on);
        }
        Device d = s.meter && s.power != null ? meterOf(s.mn) : null;
        if (d == null || d.ratedKw != null) {
            return;
        }
        RatedPowerLearner l = learned.get(s.mn);
        if (l == null) {
            l = new RatedPowerLearner();
        }
        l.add(s.time, s.power, learnDays, percentile);
        learned.put(s.mn, l);
    }

    /**
     * Whether the unit produces by what its meters last said: true when one of them shows it, null
     * when none has said anything (no meters, or no rating yet).
     */
    Boolean unitProducing() throws Exception {
        boolean any = false;
        for (Boolean on : meters.values()) {
            if (on) {
                return true;
            }
            any = true;
        }
        return any ? Boolean.FALSE : null;
    }

    /** The meters that show the unit producing, as a JSON array. */
    String producingMeters() throws Exception {
        List<String> on = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : meters.entries()) {
            if (e.getValue()) {
                on.add(Json.string(e.getKey()));
            }
        }
        on.sort(null);
        return "[" + String.join(",", on) + "]";
    }

    /** Rated power of a meter: given, or learned; null when neither (yet). */
    Double rated(String mn) throws Exception {
        Device d = devices.device(mn);
        if (d == null) {
            return null;
        }
        if (d.ratedKw != null) {
            return d.ratedKw > 0 ? d.ratedKw : null;
        }
        RatedPowerLearner l = learned.get(mn);
        return l == null ? null : l.rated(minDays);
    }

    /**
     * Whether a meter's signal shows the unit producing: a production meter at the running ratio
     * of its rating, a water meter with water flowing; null when it says nothing (another meter,
     * a rating not known yet, or not a meter).
     */
    Boolean producing(UnitSignal s) throws Exception {
        Device d = s.meter ? meterOf(s.mn) : null;
        if (d == null) {
            return null;
        }
        if ("production".equals(d.meterRole) && s.power != null) {
            Double rated = rated(s.mn);
            return rated == null ? null : s.power >= runningRatio * rated;
        }
        if ("water".equals(d.meterRole) && s.water != null) {
            return s.water > 0;
        }
        return null;
    }
}
