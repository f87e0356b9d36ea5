package org.cemsflow.correlation;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.Reading;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;

/**
 * Readings to correlation alerts (DOMAIN.md 5). Built so far: TREATMENT_NOT_RUNNING over the
 * electricity meters of a unit, CONSTANT_VALUE per device and code, DATA_MISSING_WHILE_PRODUCING
 * per unit, ZERO_VALUE, CONVERSION_MISMATCH and SUDDEN_CHANGE per device upload,
 * DECLARED_STOP_BUT_RUNNING and LOAD_DECOUPLING per unit.
 */
public final class CorrelationPipeline {
    private CorrelationPipeline() {}

    public static DataStream<AlertEvent> define(DataStream<Reading> readings, DataStream<Aggregate> hourly,
                                                DataStream<Mark> marks, CemsflowSettings settings,
                                                ReferenceData reference) {
        String powerCode = settings.get("meter.power-code");
        DataStream<AlertEvent> treatment = readings
                .filter(r -> isMeterPower(r, powerCode, reference)).name("Meter power")
                .keyBy(Reading::getUnitId)
                .process(new TreatmentNotRunningDetector(settings, reference))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("treatment-not-running")
                .name(TreatmentNotRunningDetector.TYPE);
        ConstantValueDetector constant = new ConstantValueDetector(settings);
        DataStream<AlertEvent> constants = readings
                .filter(constant::applies).name("Point readings")
                .keyBy(ConstantValueDetector::keyOf)
                .process(constant)
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("constant-value")
                .name(ConstantValueDetector.TYPE);
        DataStream<AlertEvent> missing = readings
                .filter(r -> r.getUnitId() != null).name("Unit readings")
                .map(UnitInput::reading).returns(TypeInformation.of(UnitInput.class)).name("Readings of units")
                .union(marks.map(m -> UnitInput.mark(unitOf(m.mn, reference), m)).returns(TypeInformation.of(UnitInput.class))
                        .name("Marks of units"))
                .keyBy(u -> u.unitId)
                .process(new DataMissingWhileProducingDetector(settings, reference))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("data-missing-while-producing")
                .name(DataMissingWhileProducingDetector.TYPE);
        DataStream<Reading> points = readings.filter(r -> r.getPointId() != null).name("Point uploads");
        DataStream<AlertEvent> zeros = points.keyBy(Reading::getMn)
                .process(new ZeroValueDetector(settings))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("zero-value")
                .name(ZeroValueDetector.TYPE);
        DataStream<AlertEvent> conversions = points.keyBy(Reading::getMn)
                .process(new ConversionMismatchDetector(settings))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("conversion-mismatch")
                .name(ConversionMismatchDetector.TYPE);
        DataStream<AlertEvent> declaredStops = readings
                .filter(r -> r.getUnitId() != null).name("Unit readings (stops)")
                .map(UnitInput::reading).returns(TypeInformation.of(UnitInput.class)).name("Readings of units (stops)")
                .union(marks.map(m -> DeclaredStopButRunningDetector.markAtItsStart(unitOf(m.mn, reference), m))
                        .returns(TypeInformation.of(UnitInput.class)).name("Declared stops"))
                .keyBy(u -> u.unitId)
                .process(new DeclaredStopButRunningDetector(settings, reference))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("declared-stop-but-running")
                .name(DeclaredStopButRunningDetector.TYPE);
        DataStream<AlertEvent> jumps = points.keyBy(Reading::getMn)
                .process(new SuddenChangeDetector(settings))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("sudden-change")
                .name(SuddenChangeDetector.TYPE);
        DataStream<AlertEvent> decoupling = hourly
                .filter(a -> LoadDecouplingDetector.applies(a, powerCode, reference)).name("Hourly load and flow")
                .keyBy(Aggregate::getUnitId)
                .process(new LoadDecouplingDetector(settings, reference))
                .returns(TypeInformation.of(AlertEvent.class))
                .uid("load-decoupling")
                .name(LoadDecouplingDetector.TYPE);
        return treatment.union(constants, missing, zeros, conversions, declaredStops, jumps, decoupling);
    }

    static String unitOf(String mn, ReferenceData reference) {
        Device d = reference.device(mn);
        return d != null && d.unitId != null ? d.unitId : mn;
    }

    static boolean isMeterPower(Reading r, String powerCode, ReferenceData reference) {
        Device d = reference.device(r.getMn());
        return r.getCode().equals(powerCode) && d != null && d.isMeter() && r.getUnitId() != null;
    }
}
