package org.cemsflow.correlation;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.json.Json;
import org.cemsflow.reference.Device;

/**
 * TREATMENT_NOT_RUNNING (分表计电), per unit (key: unit id) over its electricity
 * meters: production power >= 0.2 x rated while treatment power < 0.1 x rated, without a break,
 * for at least 15 minutes (params). Power is the latest reading of each meter, summed per role
 * against the sum of rated powers (meters.csv). One alert per episode: OPENED when it has lasted
 * the minimum, UPDATED with its end when treatment runs again or production stops. A meter
 * without rated_kw gets a learned rating ({@link MeterRatings}); until it has enough history
 * the unit is not judged on it. Hosted by {@link UnitCorrelation}.
 */
public class TreatmentNotRunningDetector extends CorrelationRule<UnitInput> {
    private static final long serialVersionUID = 1L;
    public static final String TYPE = "TREATMENT_NOT_RUNNING";

    private final MeterRatings ratings;
    private final double runningRatio;
    private final double stoppedRatio;
    private final long minDurationMs;
    private final long answerMs;

    private transient MapState<String, Double> power;
    private transient ValueState<Long> since;
    private transient ValueState<Alert> open;

    public TreatmentNotRunningDetector(CorrelationParams params, MeterRatings ratings) {
        this.ratings = ratings;
        this.runningRatio = params.runningRatio();
        this.stoppedRatio = params.treatmentStoppedRatio();
        this.minDurationMs = params.treatmentMinMs();
        this.answerMs = params.answerMs();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected void open() throws Exception {
        power = mapState(new MapStateDescriptor<>("meter-power", Types.STRING, Types.DOUBLE));
        since = valueState(new ValueStateDescriptor<>("not-running-since", Types.LONG));
        open =
                valueState(
                        new ValueStateDescriptor<>(
                                "open-episode", TypeInformation.of(Alert.class)));
    }

    @Override
    protected void handle(
            List<UnitInput> inputs, String unit, TimerService timers, Collector<AlertEvent> out)
            throws Exception {
        for (UnitInput in : inputs) {
            UnitSignal s = in.signal;
            if (s == null || s.power == null || ratings.meterOf(s.mn) == null) {
                continue;
            }
            power.put(s.mn, s.power);
            judge(unit, s.time, out);
        }
    }

    private void judge(String unit, long t, Collector<AlertEvent> out) throws Exception {
        double production = 0, productionRated = 0, treatment = 0, treatmentRated = 0;
        for (Map.Entry<String, Double> e : power.entries()) {
            Double rated = ratings.rated(e.getKey());
            if (rated == null) {
                continue; // not known and not learned yet: this meter says nothing
            }
            Device d = ratings.meterOf(e.getKey());
            if ("production".equals(d.meterRole)) {
                production += e.getValue();
                productionRated += rated;
            } else if ("treatment".equals(d.meterRole)) {
                treatment += e.getValue();
                treatmentRated += rated;
            }
        }
        if (productionRated <= 0 || treatmentRated <= 0) {
            return;
        }
        boolean condition =
                production >= runningRatio * productionRated
                        && treatment < stoppedRatio * treatmentRated;
        Alert episode = open.value();
        if (condition) {
            Long from = since.value();
            if (from == null) {
                since.update(t);
            } else if (episode == null && t - from >= minDurationMs) {
                String evidence =
                        Json.object()
                                .put("production_kw", production)
                                .put("production_rated_kw", productionRated)
                                .put("treatment_kw", treatment)
                                .put("treatment_rated_kw", treatmentRated)
                                .put("running_ratio", runningRatio)
                                .put("stopped_ratio", stoppedRatio)
                                .time("since", from)
                                .toString();
                Alert a =
                        Alerts.alert(
                                TYPE,
                                "high",
                                unit,
                                null,
                                null,
                                null,
                                from,
                                t,
                                treatment,
                                stoppedRatio * treatmentRated,
                                t,
                                answerMs,
                                evidence);
                open.update(a);
                out.collect(Alerts.event(AlertEventType.OPENED, 1, t, a));
            }
        } else {
            if (episode != null) {
                episode.setWindowEnd(t);
                out.collect(Alerts.event(AlertEventType.UPDATED, 2, t, episode));
                open.clear();
            }
            since.clear();
        }
    }
}
