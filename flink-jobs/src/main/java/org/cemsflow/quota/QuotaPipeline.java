package org.cemsflow.quota;

import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.exceedance.SideInput;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.time.WatermarkShift;

/** Hourly masses, marks and manual substitute data to quota alerts and monthly quota usage. */
public final class QuotaPipeline {
    private QuotaPipeline() {}

    public record Outputs(DataStream<AlertEvent> alerts, DataStream<QuotaUsage> usage) {}

    public static Outputs define(DataStream<Aggregate> hourly, DataStream<Mark> marks, DataStream<Substitute> substitutes,
                                 DataStream<SideInput> published, CemsflowSettings settings, ReferenceData reference) {
        Set<String> massCodes = settings.massPollutantCodes();
        String powerCode = settings.get("meter.power-code");
        double running = settings.ratio("production.running-ratio");
        DataStream<QuotaInput> inputs = hourly
                .filter(a -> a.getPointId() != null && a.getUnitId() != null && massCodes.contains(a.getPollutant()))
                .name("Hourly masses")
                .map(QuotaInput::mean).returns(TypeInformation.of(QuotaInput.class)).name("Masses to fill")
                .union(hourly.filter(a -> isRatedProductionPower(a, powerCode, reference)).name("Production power")
                                .map(a -> QuotaInput.meter(a.getUnitId(), a.getPeriodStart(),
                                        a.getAvg() >= running * reference.device(a.getMn()).ratedKw))
                                .returns(TypeInformation.of(QuotaInput.class)).name("Production hours to fill"),
                        marks.map(m -> QuotaInput.mark(unitOf(m.mn, reference), m))
                                .returns(TypeInformation.of(QuotaInput.class)).name("Marks to fill"),
                        substitutes.map(s -> resolve(s, reference))
                                .returns(TypeInformation.of(QuotaInput.class)).name("Substitutes to fill"));
        // a unit's quota adds up several devices: decided once all of them can have arrived
        DataStream<HourMass> masses = WatermarkShift.settle(inputs, settings.allowedLateness(), "quota-settle")
                .keyBy(q -> q.unitId)
                .process(new GapFiller(settings))
                .returns(TypeInformation.of(HourMass.class))
                .uid("quota-gap-filler")
                .name("Hourly mass with gaps filled");
        SingleOutputStreamOperator<AlertEvent> alerts = masses
                .keyBy(HourMass::quotaKey)
                .connect(published.broadcast(QuotaTracker.PERMITS))
                .process(new QuotaTracker(settings, reference.permits()))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("quota-tracker")
                .name("Quota per unit, pollutant and year");
        return new Outputs(WatermarkShift.resume(alerts, settings.allowedLateness(), "quota-alerts-resume"),
                alerts.getSideOutput(QuotaTracker.USAGE));
    }

    /** A valid hour of a production meter with a rated power: it can tell whether the unit ran. */
    static boolean isRatedProductionPower(Aggregate a, String powerCode, ReferenceData reference) {
        Device d = reference.device(a.getMn());
        return a.getPointId() == null && a.getValid() && a.getAvg() != null && a.getPollutant().equals(powerCode)
                && d != null && "production".equals(d.meterRole) && d.ratedKw != null && d.ratedKw > 0;
    }

    /** The unit of a device; an accepted unknown device is a unit of its own. */
    static String unitOf(String mn, ReferenceData reference) {
        Device d = reference.device(mn);
        return d != null && d.unitId != null ? d.unitId : mn;
    }

    /** Substitute data name a point; the filler knows it by its device and unit. */
    static QuotaInput resolve(Substitute s, ReferenceData reference) {
        Device d = reference.point(s.pointId);
        s.mn = d != null ? d.mn : s.pointId;
        return QuotaInput.substitute(d != null ? d.unitId : s.pointId, s);
    }
}
