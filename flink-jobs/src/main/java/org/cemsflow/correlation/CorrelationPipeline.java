package org.cemsflow.correlation;

import java.time.Duration;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.ingestion.DecodedFrameSerializer;
import org.cemsflow.ingestion.FrameGate;
import org.cemsflow.reference.DeviceDirectory;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.ReferenceRouter;
import org.cemsflow.reference.SideInput;
import org.cemsflow.time.WatermarkShift;

/**
 * Readings to correlation alerts in three keyed operators: per device (CONSTANT_VALUE,
 * ZERO_VALUE, SUDDEN_CHANGE, CONVERSION_MISMATCH), per unit over what the devices pass on and the
 * marks (TREATMENT_NOT_RUNNING, DATA_MISSING_WHILE_PRODUCING, DECLARED_STOP_BUT_RUNNING; and the
 * device alerts that hold only while the unit produces), and per unit over the hourly means
 * (LOAD_DECOUPLING). {@code correlation.detectors} chooses which run.
 */
public final class CorrelationPipeline {
    private CorrelationPipeline() {}

    /**
     * The uploads of the frame gate as the device rules take them, without a shuffle: the gate's
     * output is still partitioned by its key ({@link FrameGate#keyOfText}), and each upload keeps
     * that key, its readings of known units, and nothing of its text.
     */
    public static KeyedStream<DecodedFrame, String> uploadsByDevice(
            DataStream<DecodedFrame> accepted) {
        DataStream<DecodedFrame> slim =
                accepted.filter(f -> f.data && !f.readings.isEmpty())
                        .name("Data uploads")
                        .map(f -> f.slim(FrameGate.keyOfText(f.text)))
                        .returns(DecodedFrameSerializer.TYPE)
                        .name("Uploads without their text");
        return DataStreamUtils.reinterpretAsKeyedStream(slim, f -> f.mn, Types.STRING);
    }

    /**
     * The uploads of readings from a source without frames (a local run's sorted readings, an
     * upload a record, partitioned by MN) as the device rules take them: whole (a
     * device's readings of one instant are consecutive in the sort, by command) and in event-time
     * order (each subtask's source file is sorted), so judged as they arrive like the streaming
     * job's frames; where they are, without a shuffle, each one's readings of known units only (a
     * device's readings are all of its unit or none).
     */
    public static KeyedStream<DecodedFrame, String> uploadsOfUnits(
            KeyedStream<DecodedFrame, String> uploads) {
        DataStream<DecodedFrame> ofUnits =
                uploads.map(f -> f.slim(f.mn))
                        .returns(DecodedFrameSerializer.TYPE)
                        .name("Readings of units")
                        .filter(f -> !f.readings.isEmpty())
                        .name("Uploads of units");
        return DataStreamUtils.reinterpretAsKeyedStream(ofUnits, f -> f.mn, Types.STRING);
    }

    /**
     * @param uploads by device, whole and in each device's order: {@link #uploadsByDevice} (frames)
     *     or {@link #uploadsOfUnits} (a local run's sorted readings)
     * @param marks marks routed to their unit
     * @param reference reference updates: devices published while the job runs reach their unit's rules
     * @param initial the reference directory the job started with
     */
    public static DataStream<AlertEvent> define(
            KeyedStream<DecodedFrame, String> uploads,
            DataStream<Aggregate> hourly,
            DataStream<Mark> marks,
            DataStream<SideInput> reference,
            boolean waitForSnapshot,
            CemsflowSettings settings,
            ReferenceData initial) {
        CorrelationParams params = CorrelationParams.of(settings);
        Set<String> enabled = params.detectors();
        SingleOutputStreamOperator<AlertEvent> perDevice =
                uploads.process(new DeviceCorrelation(params, enabled))
                        .returns(TypeInformation.of(AlertEvent.class))
                        .uid("device-correlation")
                        .name("Device correlation (constant, zero, sudden change, conversion)");
        // the unit rules combine several devices: they decide once all of them can have arrived.
        // Each input is settled where it is made, chained to its producer (the device signals in
        // the frame gate's task): the watermark the unit rules get is the least of the settled
        // ones, which is the least of the inputs' settled, and a signal crosses one network hop
        // (to its unit), not two (to a settling task of its own, then to its unit)
        Duration settle = settings.get(AggregationOptions.ALLOWED_LATENESS);
        DataStream<UnitInput> signals =
                WatermarkShift.settle(
                        perDevice
                                .getSideOutput(DeviceCorrelation.UNIT_SIGNALS)
                                .map(UnitInput::signal)
                                .returns(UnitInputTypeInfo.INSTANCE)
                                .name("Device signals"),
                        settle,
                        "unit-correlation-settle");
        DataStream<UnitInput> markInputs =
                WatermarkShift.settle(
                        marks.flatMap(
                                        (Mark m, Collector<UnitInput> out) -> {
                                            // when it was made: excuses silences
                                            out.collect(UnitInput.mark(m.unitId, m));
                                            // when its period starts: declared stops
                                            out.collect(UnitInput.markAtItsStart(m.unitId, m));
                                        })
                                .returns(UnitInputTypeInfo.INSTANCE)
                                .name("Marks of units"),
                        settle,
                        "unit-correlation-settle-marks");
        DataStream<UnitInput> gatedAlerts =
                WatermarkShift.settle(
                        perDevice
                                .filter(e -> UnitCorrelation.GATED.contains(e.getAlert().getType()))
                                .name("Device alerts that need the unit producing")
                                .map(UnitInput::deviceAlert)
                                .returns(UnitInputTypeInfo.INSTANCE)
                                .name("Device alerts of units"),
                        settle,
                        "unit-correlation-settle-alerts");
        DataStream<UnitInput> deviceUpdates =
                reference
                        .filter(r -> r.kind == SideInput.Kind.DEVICE)
                        .name("Devices of units")
                        .map(r -> UnitInput.device(r.device))
                        .returns(UnitInputTypeInfo.INSTANCE)
                        .name("Device updates of units");
        DataStream<AlertEvent> unitAlerts =
                signals.union(markInputs, gatedAlerts, deviceUpdates)
                        .keyBy(u -> u.unitId)
                        .process(new UnitCorrelation(params, initial, enabled))
                        .returns(TypeInformation.of(AlertEvent.class))
                        .uid("unit-correlation")
                        .name(
                                "Unit correlation (treatment, missing data, declared stop; device alerts while producing)");
        if (enabled.contains(LoadDecouplingDetector.TYPE)) {
            String powerCode = params.powerCode();
            DataStream<Aggregate> loadAndFlow =
                    ReferenceRouter.route(
                            hourly,
                            reference,
                            waitForSnapshot,
                            initial,
                            (Aggregate a, DeviceDirectory devices, Collector<Aggregate> out) -> {
                                if (LoadDecouplingDetector.applies(a, powerCode, devices)) {
                                    out.collect(a);
                                }
                            },
                            hourly.getType(),
                            "load-decoupling-hours",
                            "Hourly load and flow");
            unitAlerts =
                    unitAlerts.union(
                            WatermarkShift.settle(loadAndFlow, settle, "load-decoupling-settle")
                                    .keyBy(Aggregate::getUnitId)
                                    .process(new LoadDecouplingDetector(params))
                                    .returns(TypeInformation.of(AlertEvent.class))
                                    .uid("load-decoupling")
                                    .name(LoadDecouplingDetector.TYPE));
        }
        return perDevice
                .filter(e -> !UnitCorrelation.GATED.contains(e.getAlert().getType()))
                .name("Device alerts")
                .union(WatermarkShift.resume(unitAlerts, settle, "unit-correlation-resume"));
    }
}
