package org.cemsflow.quota;

import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;

/** Hourly masses, marks and manual substitute data to quota alerts and monthly quota usage. */
public final class QuotaPipeline {
    private QuotaPipeline() {}

    public record Outputs(DataStream<AlertEvent> alerts, DataStream<QuotaUsage> usage) {}

    public static Outputs define(DataStream<Aggregate> hourly, DataStream<Mark> marks, DataStream<Substitute> substitutes,
                                 CemsflowSettings settings, ReferenceData reference) {
        Set<String> massCodes = settings.massPollutantCodes();
        DataStream<QuotaInput> inputs = hourly
                .filter(a -> a.getPointId() != null && a.getUnitId() != null && massCodes.contains(a.getPollutant()))
                .name("Hourly masses")
                .map(QuotaInput::mean).returns(TypeInformation.of(QuotaInput.class)).name("Masses to fill")
                .union(marks.map(QuotaInput::mark).returns(TypeInformation.of(QuotaInput.class)).name("Marks to fill"),
                        substitutes.map(s -> QuotaInput.substitute(resolve(s, reference)))
                                .returns(TypeInformation.of(QuotaInput.class)).name("Substitutes to fill"));
        DataStream<HourMass> masses = inputs
                .keyBy(QuotaInput::mn)
                .process(new GapFiller(settings))
                .returns(TypeInformation.of(HourMass.class))
                .uid("quota-gap-filler")
                .name("Hourly mass with gaps filled");
        SingleOutputStreamOperator<AlertEvent> alerts = masses
                .keyBy(HourMass::quotaKey)
                .process(new QuotaTracker(settings, reference.permits()))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("quota-tracker")
                .name("Quota per unit, pollutant and year");
        return new Outputs(alerts, alerts.getSideOutput(QuotaTracker.USAGE));
    }

    /** Substitute data name a point; the filler is keyed by its device. */
    static Substitute resolve(Substitute s, ReferenceData reference) {
        Device d = reference.point(s.pointId);
        s.mn = d != null ? d.mn : s.pointId; // an accepted unknown device is a point named by its MN
        return s;
    }
}
