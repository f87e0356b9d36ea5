package org.cemsflow.quota;

import java.time.Duration;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.IngestOptions;
import org.cemsflow.config.QuotaOptions;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.DeviceDirectory;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.ReferenceRouter;
import org.cemsflow.reference.SideInput;
import org.cemsflow.time.WatermarkShift;

/**
 * Hourly masses, marks and manual substitute data to quota alerts and monthly quota usage. Meters
 * and permits are the reference's as it is now (the topic's updates apply while the job runs).
 */
public final class QuotaPipeline {
    private QuotaPipeline() {}

    public record Outputs(DataStream<AlertEvent> alerts, DataStream<QuotaUsage> usage) {}

    /**
     * @param marks marks routed to their unit ({@link Mark#unitId})
     * @param reference reference updates (devices and permits published while the job runs)
     * @param waitForSnapshot the reference comes from a topic: hold what needs it until it is loaded
     * @param initial the reference directory the job started with
     */
    public static Outputs define(
            DataStream<Aggregate> hourly,
            DataStream<Mark> marks,
            DataStream<Substitute> substitutes,
            DataStream<SideInput> reference,
            boolean waitForSnapshot,
            CemsflowSettings settings,
            ReferenceData initial) {
        QuotaParams params = QuotaParams.of(settings);
        Set<String> massCodes = settings.set(AggregationOptions.MASS_CODES);
        String powerCode = settings.get(IngestOptions.POWER_CODE);
        double running = settings.get(QuotaOptions.PRODUCTION_RUNNING_RATIO);
        Duration settle = settings.get(AggregationOptions.ALLOWED_LATENESS);
        DataStream<Aggregate> meterPower =
                hourly.filter(
                                a ->
                                        a.getPointId() == null
                                                && a.getValid()
                                                && a.getAvg() != null
                                                && a.getPollutant().equals(powerCode))
                        .name("Meter power");
        DataStream<QuotaInput> inputs =
                hourly.filter(
                                a ->
                                        a.getPointId() != null
                                                && a.getUnitId() != null
                                                && massCodes.contains(a.getPollutant()))
                        .name("Hourly masses")
                        .map(QuotaInput::mean)
                        .returns(TypeInformation.of(QuotaInput.class))
                        .name("Masses to fill")
                        .union(
                                ReferenceRouter.route(
                                        meterPower,
                                        reference,
                                        waitForSnapshot,
                                        initial,
                                        (Aggregate a,
                                                DeviceDirectory devices,
                                                Collector<QuotaInput> out) -> {
                                            // a production meter with a rated power can tell
                                            // whether the unit ran
                                            Device d = devices.device(a.getMn());
                                            if (d != null
                                                    && "production".equals(d.meterRole)
                                                    && d.ratedKw != null
                                                    && d.ratedKw > 0) {
                                                out.collect(
                                                        QuotaInput.meter(
                                                                d.unitId,
                                                                a.getPeriodStart(),
                                                                a.getAvg() >= running * d.ratedKw));
                                            }
                                        },
                                        TypeInformation.of(QuotaInput.class),
                                        "quota-production-hours",
                                        "Production hours to fill"),
                                marks.map(m -> QuotaInput.mark(m.unitId, m))
                                        .returns(TypeInformation.of(QuotaInput.class))
                                        .name("Marks to fill"),
                                substitutes
                                        .map(s -> QuotaInput.substitute(s.unitId, s))
                                        .returns(TypeInformation.of(QuotaInput.class))
                                        .name("Substitutes to fill"));
        // a unit's quota adds up several devices: decided once all of them can have arrived
        DataStream<HourMass> masses =
                WatermarkShift.settle(inputs, settle, "quota-settle")
                        .keyBy(q -> q.unitId)
                        .process(new GapFiller(params))
                        .returns(TypeInformation.of(HourMass.class))
                        .uid("quota-gap-filler")
                        .name("Hourly mass with gaps filled");
        SingleOutputStreamOperator<AlertEvent> alerts =
                masses.keyBy(HourMass::quotaKey)
                        .connect(reference.broadcast(QuotaTracker.PERMITS))
                        .process(new QuotaTracker(params, initial.permits()))
                        .returns(TypeInformation.of(AlertEvent.class))
                        .uid("quota-tracker")
                        .name("Quota per unit, pollutant and year");
        return new Outputs(
                WatermarkShift.resume(alerts, settle, "quota-alerts-resume"),
                alerts.getSideOutput(QuotaTracker.USAGE));
    }

    /** Substitute data name a point: resolved to its device and unit with the reference as it is now. */
    public static DataStream<Substitute> resolve(
            DataStream<Substitute> substitutes,
            DataStream<SideInput> reference,
            boolean waitForSnapshot,
            ReferenceData initial) {
        return ReferenceRouter.route(
                substitutes,
                reference,
                waitForSnapshot,
                initial,
                (Substitute s, DeviceDirectory devices, Collector<Substitute> out) ->
                        out.collect(s.resolved(devices.point(s.pointId))),
                TypeInformation.of(Substitute.class),
                "route-substitutes",
                "Substitutes to their point");
    }
}
