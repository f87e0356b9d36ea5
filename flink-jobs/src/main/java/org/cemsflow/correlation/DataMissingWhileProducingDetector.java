package org.cemsflow.correlation;

import java.util.List;
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
import org.cemsflow.reference.MarkList;
import org.cemsflow.time.LocalTimes;

/**
 * DATA_MISSING_WHILE_PRODUCING ("monitoring device stopped"), per unit: while the
 * unit produces (a production meter at >= 0.2 x rated), a monitoring point of the unit has sent no
 * valid data for at least 60 minutes (params). A point whose silence is covered by marks made in
 * time (maintenance, fault, ...) is excused. One alert per silence: OPENED when it has lasted the
 * minimum, UPDATED with its end when valid data come back. The unit produces while a production
 * meter is at >= 0.2 x its rated power (given or learned) or a water meter shows water use
 * ({@link MeterRatings}); a unit without such meters is not judged. Hosted by {@link UnitCorrelation}.
 */
public class DataMissingWhileProducingDetector extends CorrelationRule<UnitInput> {
    private static final long serialVersionUID = 1L;
    public static final String TYPE = "DATA_MISSING_WHILE_PRODUCING";

    private final UnitDevices devices;
    private final MeterRatings ratings;
    private final long minSilenceMs;
    private final long markDeadlineMs;
    private final long answerMs;

    private transient MapState<String, Long> lastValid;
    private transient MapState<String, Alert> open;
    private transient MapState<String, MarkList> marks;
    private transient ValueState<Long> producingSince;

    public DataMissingWhileProducingDetector(
            CorrelationParams params, UnitDevices devices, MeterRatings ratings) {
        this.devices = devices;
        this.ratings = ratings;
        this.minSilenceMs = params.missingMinMs();
        this.markDeadlineMs = params.markDeadlineMs();
        this.answerMs = params.answerMs();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    protected void open() throws Exception {
        lastValid = mapState(new MapStateDescriptor<>("last-valid", Types.STRING, Types.LONG));
        open =
                mapState(
                        new MapStateDescriptor<>(
                                "open-silences", Types.STRING, TypeInformation.of(Alert.class)));
        marks =
                mapState(
                        new MapStateDescriptor<>(
                                "point-marks", Types.STRING, TypeInformation.of(MarkList.class)));
        producingSince = valueState(new ValueStateDescriptor<>("producing-since", Types.LONG));
    }

    @Override
    protected void handle(
            List<UnitInput> inputs, String unit, TimerService timers, Collector<AlertEvent> out)
            throws Exception {
        for (UnitInput in : inputs) {
            if (in.mark != null) {
                if (in.atStart) {
                    continue; // a declared period, for DECLARED_STOP_BUT_RUNNING
                }
                MarkList l = marks.get(in.mark.mn);
                if (l == null) {
                    l = new MarkList();
                }
                l.marks.removeIf(m -> m.to < in.time - 30 * LocalTimes.DAY_MS);
                l.marks.add(in.mark);
                marks.put(in.mark.mn, l);
                continue;
            }
            UnitSignal s = in.signal;
            if (s == null) {
                continue;
            }
            if (s.meter) {
                if (ratings.producing(s) != null) {
                    production(unit, s.time, Boolean.TRUE.equals(ratings.unitProducing()), out);
                }
            } else {
                dataFrom(s.mn, s.time, out);
            }
        }
    }

    private void dataFrom(String mn, long t, Collector<AlertEvent> out) throws Exception {
        Long before = lastValid.get(mn);
        if (before != null && before >= t) {
            return; // a summary record of an hour already covered
        }
        lastValid.put(mn, t);
        Alert a = open.get(mn);
        if (a != null) {
            a.setWindowEnd(t);
            out.collect(Alerts.event(AlertEventType.UPDATED, 2, t, a));
            open.remove(mn);
        }
    }

    private void production(String unit, long t, boolean producing, Collector<AlertEvent> out)
            throws Exception {
        if (!producing) {
            producingSince.clear();
            return;
        }
        if (producingSince.value() == null) {
            producingSince.update(t);
        }
        for (String mn : devices.points(unit)) {
            if (open.contains(mn)) {
                continue;
            }
            Long last = lastValid.get(mn);
            long silentFrom =
                    Math.max(last == null ? Long.MIN_VALUE : last, producingSince.value());
            if (t - silentFrom >= minSilenceMs && !excused(mn, silentFrom, t)) {
                Device d = devices.device(mn);
                String evidence =
                        Json.object()
                                .time("last_valid_data", last)
                                .time("producing_since", producingSince.value())
                                .put("silent_minutes", (double) ((t - silentFrom) / 60_000))
                                .raw("producing_meters", ratings.producingMeters())
                                .toString();
                Alert a =
                        Alerts.alert(
                                TYPE,
                                "high",
                                unit,
                                d == null ? mn : d.pointId,
                                mn,
                                null,
                                silentFrom,
                                t,
                                null,
                                null,
                                t,
                                answerMs,
                                evidence);
                open.put(mn, a);
                out.collect(Alerts.event(AlertEventType.OPENED, 1, t, a));
            }
        }
    }

    /** Every hour of the silence (from the first hour after the last data) is covered by a mark made in time. */
    private boolean excused(String mn, long from, long to) throws Exception {
        MarkList l = marks.get(mn);
        if (l == null) {
            return false;
        }
        long first =
                LocalTimes.hourStart(from)
                        + (from % LocalTimes.HOUR_MS == 0 ? 0 : LocalTimes.HOUR_MS);
        for (long h = first; h < to; h += LocalTimes.HOUR_MS) {
            if (!l.excuses(h, LocalTimes.HOUR_MS, markDeadlineMs)) {
                return false;
            }
        }
        return true;
    }
}
