package org.cemsflow.correlation;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.json.Json;
import org.cemsflow.model.Codes;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.DeviceLookup;
import org.cemsflow.time.EventTimeOrderedFunction;
import org.cemsflow.time.LocalTimes;

/**
 * LOAD_DECOUPLING (production out of step with the monitoring data), per unit over
 * local days: the correlation of its hourly production power (meters) with its hourly flue-gas or
 * effluent flow (points) falls more than {@code decoupling.drop} below the unit's own baseline,
 * the median of its past daily correlations (silent before {@code decoupling.min-days}). Judged
 * when a day ends, on days with at least 12 hours of both series; evidence holds both series. A
 * unit without hours for {@code correlation.idle-retention} is forgotten.
 */
public class LoadDecouplingDetector
        extends EventTimeOrderedFunction<String, Aggregate, AlertEvent> {
    private static final long serialVersionUID = 1L;
    public static final String TYPE = "LOAD_DECOUPLING";

    private final String powerCode;
    private final int baselineDays;
    private final int minDays;
    private final double drop;
    private final long answerMs;
    private final long idleMs;
    private transient ValueState<DecouplingState> state;

    private final TypeInformation<DecouplingState> stateType;

    public LoadDecouplingDetector(CorrelationParams params) {
        this(params, DecouplingStateSerializer.TYPE);
    }

    /** With the unit's state kept as {@code stateType} writes it (tests: as earlier versions did). */
    LoadDecouplingDetector(CorrelationParams params, TypeInformation<DecouplingState> stateType) {
        super(TypeInformation.of(Aggregate.class));
        this.stateType = stateType;
        this.powerCode = params.powerCode();
        this.baselineDays = params.decouplingBaselineDays();
        this.minDays = params.decouplingMinDays();
        this.drop = params.decouplingDrop();
        this.answerMs = params.answerMs();
        this.idleMs = params.idleRetentionMs();
    }

    /** Hourly rows that matter: production power of meters, flue-gas and effluent flow of points. */
    public static boolean applies(Aggregate a, String powerCode, DeviceLookup devices) {
        // any hourly mean (the correlation does not need the 45-minute validity of a regulatory
        // mean); first emissions only: a late correction would count its hour twice in the sums
        if (a.getUnitId() == null || a.getAvg() == null || a.getRevision() != 1) {
            return false;
        }
        if (a.getPointId() == null) {
            Device d = devices.device(a.getMn());
            return d != null
                    && "production".equals(d.meterRole)
                    && a.getPollutant().equals(powerCode);
        }
        return a.getPollutant().equals(Codes.AIR_FLOW) || a.getPollutant().equals(Codes.WATER_FLOW);
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("decoupling", stateType));
    }

    @Override
    protected long timeOf(Aggregate a) {
        return a.getPeriodStart() + LocalTimes.HOUR_MS - 1;
    }

    /**
     * Hours are added as they arrive: a slot of a day takes the sum of its rows whatever their
     * order (rows of one hour came in arrival order before too, equal in event time), so nothing
     * waits in state for the watermark; a day is judged when event time passes its end.
     */
    @Override
    protected boolean inArrivalOrder() {
        return true;
    }

    @Override
    protected void handle(List<Aggregate> hours, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        DecouplingState s = state.value();
        if (s == null) {
            s = new DecouplingState();
        }
        s.migrate();
        long watermark = ctx.timerService().currentWatermark();
        for (Aggregate a : hours) {
            long day = LocalTimes.dayStart(a.getPeriodStart());
            // its day was judged already (the watermark starts again from nothing on a restore:
            // the last day closed says it then)
            if ((s.lastDay != Long.MIN_VALUE && day <= s.lastDay)
                    || day + LocalTimes.DAY_MS <= watermark) {
                continue;
            }
            int hour = (int) ((a.getPeriodStart() - day) / LocalTimes.HOUR_MS);
            int i = DecouplingState.index(s.slot(day), a.getPointId() != null, hour);
            double[] v = s.openSeries;
            v[i] = Double.isNaN(v[i]) ? a.getAvg() : v[i] + a.getAvg(); // meters/points add up
            ctx.timerService().registerEventTimeTimer(day + LocalTimes.DAY_MS);
        }
        state.update(s);
    }

    @Override
    protected void afterInputs(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
        DecouplingState s = state.value();
        if (s == null) {
            return;
        }
        s.migrate();
        boolean closed = false;
        while (s.openDays.length > 0 && s.openDays[0] + LocalTimes.DAY_MS <= timestamp) {
            judgeFirstDay(s, ctx.getCurrentKey(), out);
            s.lastDay = s.openDays[0];
            s.closeFirst();
            closed = true;
        }
        if (closed) {
            state.update(s);
            if (s.openDays.length == 0) {
                ctx.timerService().registerEventTimeTimer(s.lastDay + LocalTimes.DAY_MS + idleMs);
            }
        } else if (s.openDays.length == 0
                && s.lastDay != Long.MIN_VALUE
                && timestamp >= s.lastDay + LocalTimes.DAY_MS + idleMs) {
            state.clear(); // no hour of the unit for the idle retention: it is forgotten
        }
    }

    /** Judges the earliest open day against the unit's past days (and adds it to them). */
    private void judgeFirstDay(DecouplingState s, String unit, Collector<AlertEvent> out) {
        long day = s.openDays[0];
        double[] load = s.series(0, false);
        double[] flow = s.series(0, true);
        Double r = correlation(load, flow);
        if (r == null) {
            return;
        }
        if (s.history.length >= minDays) {
            double[] sorted = s.history.clone();
            Arrays.sort(sorted);
            double baseline = sorted[sorted.length / 2];
            if (r < baseline - drop) {
                long end = day + LocalTimes.DAY_MS;
                String evidence =
                        Json.object()
                                .put("correlation", r)
                                .put("baseline", baseline)
                                .raw("load_kw", series(load))
                                .raw("flow", series(flow))
                                .toString();
                out.collect(
                        Alerts.event(
                                AlertEventType.OPENED,
                                1,
                                end,
                                Alerts.alert(
                                        TYPE,
                                        "high",
                                        unit,
                                        null,
                                        null,
                                        null,
                                        day,
                                        end,
                                        r,
                                        baseline - drop,
                                        end,
                                        answerMs,
                                        evidence)));
            }
        }
        double[] more = Arrays.copyOf(s.history, s.history.length + 1);
        more[s.history.length] = r;
        s.history =
                more.length > baselineDays
                        ? Arrays.copyOfRange(more, more.length - baselineDays, more.length)
                        : more;
    }

    /** Pearson correlation over the hours that have both, or null with fewer than 12 or no spread. */
    static Double correlation(double[] x, double[] y) {
        int n = 0;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                continue;
            }
            n++;
            sx += x[i];
            sy += y[i];
            sxx += x[i] * x[i];
            syy += y[i] * y[i];
            sxy += x[i] * y[i];
        }
        if (n < 12) {
            return null;
        }
        double vx = sxx - sx * sx / n;
        double vy = syy - sy * sy / n;
        if (vx <= 1e-12 || vy <= 1e-12) {
            return null;
        }
        return (sxy - sx * sy / n) / Math.sqrt(vx * vy);
    }

    private static String series(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Double.isNaN(v[i]) ? "null" : Json.number(v[i]));
        }
        return sb.append(']').toString();
    }
}
