package org.cemsflow.correlation;

import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.json.Json;
import org.cemsflow.reference.Mark;

/**
 * DECLARED_STOP_BUT_RUNNING, per unit: a shutdown mark (kinds of
 * {@code quota.shutdown-kinds}) covers a period in which a production meter shows >= 0.2 x rated
 * power (given or learned), or a water meter water use, or effluent flows, or a stack's flue gas flows with O2 below the stopped level, for at
 * least 15 minutes (setting). One alert per mark (window = the mark's period), OPENED when the
 * running evidence has lasted the minimum. Marks are taken at their start, so they must arrive
 * before the period they declare is processed (a mark made long afterwards is not judged here).
 * Hosted by {@link UnitCorrelation}.
 */
public class DeclaredStopButRunningDetector extends CorrelationRule<UnitInput> {
    private static final long serialVersionUID = 1L;
    public static final String TYPE = "DECLARED_STOP_BUT_RUNNING";

    private final MeterRatings ratings;
    private final Set<String> shutdownKinds;
    private final double stackStoppedO2;
    private final long minDurationMs;
    private final long answerMs;

    /** Shutdown marks by their start; the value is the start of running evidence inside, or -1. */
    private transient MapState<Long, long[]> declared;

    private transient MapState<Long, Mark> marks;
    private transient MapState<String, Double> lastO2;

    public DeclaredStopButRunningDetector(CorrelationParams params, MeterRatings ratings) {
        this.ratings = ratings;
        this.shutdownKinds = params.shutdownKinds();
        this.stackStoppedO2 = params.stackStoppedO2();
        this.minDurationMs = params.declaredStopMinMs();
        this.answerMs = params.answerMs();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected void open() throws Exception {
        declared =
                mapState(
                        new MapStateDescriptor<>(
                                "declared-stops", Types.LONG, TypeInformation.of(long[].class)));
        marks =
                mapState(
                        new MapStateDescriptor<>(
                                "stop-marks", Types.LONG, TypeInformation.of(Mark.class)));
        lastO2 = mapState(new MapStateDescriptor<>("last-o2", Types.STRING, Types.DOUBLE));
    }

    /** A mark's state goes when its period has ended. */
    @Override
    protected void afterInputs(long timestamp, String unit, Collector<AlertEvent> out)
            throws Exception {
        List<Long> ended = new java.util.ArrayList<>();
        for (java.util.Map.Entry<Long, Mark> e : marks.entries()) {
            if (e.getValue().to <= timestamp) {
                ended.add(e.getKey());
            }
        }
        for (Long k : ended) {
            marks.remove(k);
            declared.remove(k);
        }
    }

    @Override
    protected void handle(
            List<UnitInput> inputs, String unit, TimerService timers, Collector<AlertEvent> out)
            throws Exception {
        for (UnitInput in : inputs) {
            if (in.mark != null) {
                if (in.atStart && shutdownKinds.contains(in.mark.kind)) {
                    marks.put(in.mark.from, in.mark);
                    declared.put(in.mark.from, new long[] {-1, 0});
                    timers.registerEventTimeTimer(in.mark.to);
                }
                continue;
            }
            UnitSignal sig = in.signal;
            if (sig == null) {
                continue;
            }
            if (sig.o2 != null) {
                lastO2.put(sig.mn, sig.o2);
            }
            Boolean running = runs(sig);
            if (running == null) {
                continue;
            }
            long t = sig.time;
            for (java.util.Map.Entry<Long, Mark> e : marks.entries()) {
                Mark m = e.getValue();
                if (t < m.from || t >= m.to) {
                    continue;
                }
                long[] s = declared.get(e.getKey());
                if (!running) {
                    if (s[1] == 0) {
                        s[0] = -1; // the evidence must last without a break
                    }
                } else if (s[0] < 0) {
                    s[0] = t;
                } else if (s[1] == 0 && t - s[0] >= minDurationMs) {
                    s[1] = 1;
                    String evidence =
                            Json.object()
                                    .put("mark_kind", m.kind)
                                    .put("marked_mn", m.mn)
                                    .time("marked_at", m.markedAt)
                                    .time("running_since", s[0])
                                    .put("evidence_mn", sig.mn)
                                    .put("power_kw", sig.power)
                                    .put("water_flow", sig.water)
                                    .put("air_flow", sig.airFlow)
                                    .put("o2", sig.o2)
                                    .toString();
                    Double value =
                            sig.power != null
                                    ? sig.power
                                    : sig.water != null ? sig.water : sig.airFlow;
                    Alert a =
                            Alerts.alert(
                                    TYPE, "high", unit, null, m.mn, null, m.from, m.to, value, null,
                                    t, answerMs, evidence);
                    out.collect(Alerts.event(AlertEventType.OPENED, 1, t, a));
                }
                declared.put(e.getKey(), s);
            }
        }
    }

    /** Whether an upload shows the unit running (true), stopped (false), or says nothing (null). */
    private Boolean runs(UnitSignal s) throws Exception {
        if (s.meter) {
            return ratings.producing(s);
        }
        if (s.water != null) {
            return s.water > 0;
        }
        if (s.airFlow != null) {
            Double o2 = s.o2 != null ? s.o2 : lastO2.get(s.mn);
            return s.airFlow > 0 && o2 != null && o2 < stackStoppedO2;
        }
        return null;
    }
}
