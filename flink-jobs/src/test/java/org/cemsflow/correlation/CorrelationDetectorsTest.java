package org.cemsflow.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.DeviceLookup;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** The correlation detectors built so far: a planted case fires once, clean behaviour stays quiet. */
class CorrelationDetectorsTest {
    static final long T0 = LocalTimes.parseIso("2025-06-01T08:00:00+08:00");
    static final long MIN = 60_000;
    static final CorrelationParams SETTINGS = CorrelationParams.of(CemsflowSettings.defaults());
    static final ReferenceData REF =
            new ReferenceData(
                    Map.of(
                            "PROD", Device.meter("PROD", "unit-1", "production", 1000.0),
                            "TREAT", Device.meter("TREAT", "unit-1", "treatment", 100.0),
                            "STACK",
                                    Device.point(
                                            "STACK", "stack-1", "unit-1", "Plant", "air", 6.0, null,
                                            1),
                            "OUTFALL",
                                    Device.point(
                                            "OUTFALL",
                                            "outfall-1",
                                            "unit-1",
                                            "Plant",
                                            "water",
                                            null,
                                            null,
                                            null)));

    static Reading reading(String mn, String code, long t, double v, RecordKind kind) {
        Reading r = new Reading();
        r.setMn(mn);
        r.setCn(kind == RecordKind.MINUTE ? 2051 : 2011);
        r.setKind(kind);
        r.setCode(code);
        r.setDataTime(t);
        r.setProtocolVersion(2017);
        r.setFlag("N");
        if (kind == RecordKind.REALTIME) {
            r.setRtd(v);
        } else {
            r.setAvg(v);
        }
        DeviceLookup.enrich(r, REF.device(mn));
        return r;
    }

    /** The per-unit operator with only the rule under test. */
    static KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> unit(
            ReferenceData ref, String type) throws Exception {
        var h =
                Harnesses.keyed(
                        new UnitCorrelation(SETTINGS, ref, java.util.Set.of(type)),
                        (UnitInput u) -> u.unitId);
        h.open();
        return h;
    }

    /** The per-device operator with only the rule under test. */
    static DeviceHarness device(String type) throws Exception {
        var h =
                Harnesses.keyed(
                        new DeviceCorrelation(SETTINGS, java.util.Set.of(type)),
                        (DecodedFrame f) -> f.mn);
        h.open();
        return new DeviceHarness(h);
    }

    /**
     * The per-device operator fed reading by reading: consecutive readings of one instant and
     * command are one upload (as a local run groups its sorted readings), which goes out when a
     * reading of another upload or a watermark comes.
     */
    static final class DeviceHarness {
        private final KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, AlertEvent> h;
        private DecodedFrame pending;

        DeviceHarness(KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, AlertEvent> h) {
            this.h = h;
        }

        KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, AlertEvent> h() {
            return h;
        }

        void processElement(StreamRecord<Reading> r) throws Exception {
            Reading reading = r.getValue();
            if (pending != null
                    && (pending.dataTime != reading.getDataTime()
                            || pending.cn != reading.getCn()
                            || !pending.mn.equals(reading.getMn()))) {
                flush();
            }
            if (pending == null) {
                pending = DecodedFrame.ofReading(reading);
            } else {
                pending.readings.add(reading);
            }
        }

        private void flush() throws Exception {
            if (pending != null) {
                h.processElement(new StreamRecord<>(pending, pending.dataTime));
                pending = null;
            }
        }

        void processWatermark(long w) throws Exception {
            flush();
            h.processWatermark(w);
        }

        List<AlertEvent> extractOutputValues() throws Exception {
            flush();
            return h.extractOutputValues();
        }

        int numKeyedStateEntries() throws Exception {
            flush();
            return h.numKeyedStateEntries();
        }

        int numEventTimeTimers() throws Exception {
            flush();
            return h.numEventTimeTimers();
        }
    }

    /** A reading as the device operator passes it on: the signal of an upload of that one reading. */
    static UnitInput sig(Reading r) {
        return UnitInput.signal(UnitSignal.of(List.of(r), "e10001", "w00000"));
    }

    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> h, Reading r)
            throws Exception {
        h.processElement(new StreamRecord<>(sig(r), r.getDataTime()));
    }

    static KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> treatment()
            throws Exception {
        return unit(REF, TreatmentNotRunningDetector.TYPE);
    }

    static void power(
            KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> h,
            int minute,
            double prod,
            double treat)
            throws Exception {
        long t = T0 + minute * MIN;
        feed(h, reading("PROD", "e10001", t, prod, RecordKind.REALTIME));
        feed(h, reading("TREAT", "e10001", t, treat, RecordKind.REALTIME));
    }

    @Test
    void productionWithoutTreatmentForFifteenMinutesRaisesOneAlert() throws Exception {
        var h = treatment();
        for (int m = 0; m < 10; m++) {
            power(h, m, 800, 80); // normal
        }
        for (int m = 10; m < 40; m++) {
            power(h, m, 800, 2); // treatment off for 30 minutes
        }
        for (int m = 40; m < 50; m++) {
            power(h, m, 800, 80);
        }
        h.processWatermark(T0 + 60 * MIN);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(
                List.of("OPENED", "UPDATED"),
                out.stream().map(e -> e.getEvent().name()).collect(Collectors.toList()));
        assertEquals(T0 + 10 * MIN, out.get(0).getAlert().getWindowStart());
        assertEquals(T0 + 25 * MIN, out.get(0).getAlert().getDetectedAt());
        assertEquals(T0 + 40 * MIN, out.get(1).getAlert().getWindowEnd());
    }

    @Test
    void aShortDipAGenuineShutdownAndLowLoadStayQuiet() throws Exception {
        var h = treatment();
        for (int m = 0; m < 10; m++) {
            power(h, m, 800, 2); // a 10-minute dip: under 15 minutes
        }
        for (int m = 10; m < 60; m++) {
            power(h, m, 800, 80);
        }
        for (int m = 60; m < 120; m++) {
            power(h, m, 0, 0); // genuine shutdown: production and treatment stop together
        }
        for (int m = 120; m < 180; m++) {
            power(
                    h, m, 150,
                    5); // low load under 0.2 x rated: not producing in the sense of the rule
        }
        h.processWatermark(T0 + 200 * MIN);
        assertEquals(List.of(), h.extractOutputValues());
    }

    static DeviceHarness constant() throws Exception {
        return device(ConstantValueDetector.TYPE);
    }

    @Test
    void humidityAt40ForAnHourIsConstantOnce() throws Exception {
        var h = constant();
        for (int m = 0; m <= 70; m++) {
            long t = T0 + m * MIN;
            h.processElement(
                    new StreamRecord<>(
                            reading("STACK", "a01014", t, m < 65 ? 40.0 : 41.2, RecordKind.MINUTE),
                            t));
        }
        h.processWatermark(T0 + 80 * MIN);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(
                List.of("OPENED", "UPDATED"),
                out.stream().map(e -> e.getEvent().name()).collect(Collectors.toList()));
        assertEquals(T0, out.get(0).getAlert().getWindowStart());
        assertEquals(T0 + 60 * MIN, out.get(0).getAlert().getDetectedAt());
        assertEquals(T0 + 64 * MIN, out.get(1).getAlert().getWindowEnd());
        assertEquals("a01014", out.get(0).getAlert().getPollutant());
    }

    @Test
    void noiseZerosAmbientO2AndRepeatedAnalyserResultsAreNotConstant() throws Exception {
        var h = constant();
        java.util.Random rnd = new java.util.Random(1);
        for (int m = 0; m < 180; m++) {
            long t = T0 + m * MIN;
            h.processElement(
                    new StreamRecord<>(
                            reading(
                                    "STACK",
                                    "a21026",
                                    t,
                                    30 + rnd.nextGaussian(),
                                    RecordKind.MINUTE),
                            t));
            h.processElement(
                    new StreamRecord<>(reading("STACK", "a00000", t, 0.0, RecordKind.MINUTE), t));
            h.processElement(
                    new StreamRecord<>(reading("STACK", "a19001", t, 20.9, RecordKind.MINUTE), t));
            Reading cod = reading("OUTFALL", "w01018", t, 45.0, RecordKind.REALTIME);
            cod.setSampleTime(
                    T0 + (m / 120) * 120 * MIN); // a new sample every 2 hours, repeated each minute
            h.processElement(new StreamRecord<>(cod, t));
        }
        h.processWatermark(T0 + 200 * MIN);
        assertEquals(List.of(), h.extractOutputValues());
        assertFalse(
                new ConstantValueDetector(SETTINGS)
                        .applies(reading("OUTFALL", "w01018", T0, 45, RecordKind.REALTIME)),
                "an analyser without SampleTime is not judged");
        assertTrue(
                new ConstantValueDetector(SETTINGS)
                        .applies(reading("STACK", "a01013", T0, 123.456, RecordKind.REALTIME)));
    }

    static KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> missing()
            throws Exception {
        return unit(REF, DataMissingWhileProducingDetector.TYPE);
    }

    /** A unit producing (or not) for {@code minutes}; its stack and outfall send data except in [gapFrom, gapTo). */
    static void unitMinutes(
            KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> h,
            int minutes,
            double production,
            int gapFrom,
            int gapTo)
            throws Exception {
        for (int m = 0; m < minutes; m++) {
            long t = T0 + m * MIN;
            h.processElement(
                    new StreamRecord<>(
                            sig(reading("PROD", "e10001", t, production, RecordKind.REALTIME)), t));
            h.processElement(
                    new StreamRecord<>(
                            sig(reading("OUTFALL", "w00000", t, 3, RecordKind.REALTIME)), t));
            if (m < gapFrom || m >= gapTo) {
                h.processElement(
                        new StreamRecord<>(
                                sig(reading("STACK", "a21026", t, 30, RecordKind.REALTIME)), t));
            }
        }
    }

    @Test
    void aPointSilentForAnHourWhileTheUnitProducesRaisesOneAlert() throws Exception {
        var h = missing();
        unitMinutes(h, 180, 800, 30, 110);
        h.processWatermark(T0 + 200 * MIN);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(
                List.of("OPENED", "UPDATED"),
                out.stream().map(e -> e.getEvent().name()).collect(Collectors.toList()));
        assertEquals("STACK", out.get(0).getAlert().getMn());
        assertEquals(T0 + 29 * MIN, out.get(0).getAlert().getWindowStart(), "the last valid data");
        assertEquals(T0 + 89 * MIN, out.get(0).getAlert().getDetectedAt());
        assertEquals(T0 + 110 * MIN, out.get(1).getAlert().getWindowEnd());
        assertTrue(
                out.get(0).getAlert().getEvidence().contains("\"producing_meters\":[\"PROD\"]"),
                out.get(0).getAlert().getEvidence());
    }

    @Test
    void aSilenceDuringAShutdownOrAMarkedMaintenanceIsNoAlert() throws Exception {
        var h = missing();
        unitMinutes(h, 180, 50, 30, 110); // production at 5 % of rated: stopped
        h.processWatermark(T0 + 200 * MIN);
        assertEquals(List.of(), h.extractOutputValues());
        var marked = missing();
        org.cemsflow.reference.Mark maintenance =
                new org.cemsflow.reference.Mark(
                        "STACK", T0, T0 + 3 * LocalTimes.HOUR_MS, "maintenance", T0);
        marked.processElement(new StreamRecord<>(UnitInput.mark("unit-1", maintenance), T0));
        unitMinutes(marked, 180, 800, 30, 110);
        marked.processWatermark(T0 + 200 * MIN);
        assertEquals(List.of(), marked.extractOutputValues());
    }

    /** One minute upload of the stack: SO2 (with a reported corrected value), O2 and flow. */
    static void stack(DeviceHarness h, int minute, double so2, Double zs, double o2, double flow)
            throws Exception {
        stack("STACK", h, minute, so2, zs, o2, flow);
    }

    /** {@link #stack} sent by device {@code mn} (the stack's point all the same). */
    static void stack(
            String mn, DeviceHarness h, int minute, double so2, Double zs, double o2, double flow)
            throws Exception {
        long t = T0 + minute * MIN;
        Reading s = reading("STACK", "a21026", t, so2, RecordKind.MINUTE);
        s.setZsAvg(zs);
        for (Reading r :
                List.of(
                        s,
                        reading("STACK", "a19001", t, o2, RecordKind.MINUTE),
                        reading("STACK", "a00000", t, flow, RecordKind.MINUTE))) {
            r.setMn(mn);
            h.processElement(new StreamRecord<>(r, t));
        }
    }

    @Test
    void zeroConcentrationWhileTheStackRunsIsAZeroValueButAShutdownIsNot() throws Exception {
        var h = device(ZeroValueDetector.TYPE);
        for (int m = 0; m < 30; m++) {
            stack(h, m, 30, null, 11, 50);
        }
        for (int m = 30; m < 110; m++) {
            stack(h, m, 0, null, 11, 50); // SO2 at zero, O2 11 %, flow 50 m3/s: running
        }
        for (int m = 110; m < 300; m++) {
            stack(h, m, 0, null, 20.9, 0); // a real shutdown: everything drops together
        }
        h.processWatermark(T0 + 400 * MIN);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(
                List.of("OPENED", "UPDATED"),
                out.stream().map(e -> e.getEvent().name()).collect(Collectors.toList()),
                out.toString());
        assertEquals("a21026", out.get(0).getAlert().getPollutant());
        assertEquals(T0 + 30 * MIN, out.get(0).getAlert().getWindowStart());
        assertEquals(T0 + 90 * MIN, out.get(0).getAlert().getDetectedAt());
        // the evidence shows why the stack was running
        assertTrue(
                out.get(0)
                        .getAlert()
                        .getEvidence()
                        .contains(
                                "\"observed\":{\"value\":0,\"o2\":11,\"o2_stopped_at\":19,\"air_flow\":50,\"water_flow\":null}"),
                out.get(0).getAlert().getEvidence());
    }

    /** SO2 of device {@code which} (0 or 1) at a minute: each at zero for its own 80 minutes. */
    static double so2Of(int which, int minute) {
        int from = which == 0 ? 30 : 150;
        return minute >= from && minute < from + 80 ? 0 : 30;
    }

    /**
     * What the operator remembers of a device without runs is that device's alone: two devices
     * through one operator, their uploads taking turns, get the alerts each gets on its own, while
     * one has a run open and the other none.
     */
    @Test
    void aDeviceWithoutRunsKeepsNoOtherDevicesRunsFromBeingSeen() throws Exception {
        String[] mns = {"STACK-A", "STACK-B"};
        var both = device(ZeroValueDetector.TYPE);
        for (int m = 0; m < 300; m++) {
            for (int d = 0; d < 2; d++) {
                stack(mns[d], both, m, so2Of(d, m), null, 11, 50);
            }
        }
        both.processWatermark(T0 + 400 * MIN);
        List<AlertEvent> together = both.extractOutputValues();
        for (int d = 0; d < 2; d++) {
            var alone = device(ZeroValueDetector.TYPE);
            for (int m = 0; m < 300; m++) {
                stack(mns[d], alone, m, so2Of(d, m), null, 11, 50);
            }
            alone.processWatermark(T0 + 400 * MIN);
            String mn = mns[d];
            List<String> expected =
                    alone.extractOutputValues().stream().map(AlertEvent::toString).toList();
            assertEquals(2, expected.size(), mn + ": " + expected); // opened and ended
            assertEquals(
                    expected,
                    together.stream()
                            .filter(e -> e.getAlert().getMn().equals(mn))
                            .map(AlertEvent::toString)
                            .toList(),
                    mn);
        }
    }

    /**
     * Uploads without a zero are not judged while no run is open, but are while one is: the
     * first value back above zero ends the episode, and a later zero opens a new one.
     */
    @Test
    void aValueBackAboveZeroEndsTheZeroValueAndALaterZeroOpensAnother() throws Exception {
        var h = device(ZeroValueDetector.TYPE);
        for (int m = 0; m < 30; m++) {
            stack(h, m, 30, null, 11, 50);
        }
        for (int m = 30; m < 110; m++) {
            stack(h, m, 0, null, 11, 50);
        }
        for (int m = 110; m < 200; m++) {
            stack(h, m, 30, null, 11, 50); // back: no zero in these uploads
        }
        for (int m = 200; m < 280; m++) {
            stack(h, m, 0, null, 11, 50);
        }
        for (int m = 280; m < 300; m++) {
            stack(h, m, 31, null, 11, 50);
        }
        h.processWatermark(T0 + 400 * MIN);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(
                List.of("OPENED", "UPDATED", "OPENED", "UPDATED"),
                out.stream().map(e -> e.getEvent().name()).collect(Collectors.toList()),
                out.toString());
        assertEquals(T0 + 30 * MIN, out.get(0).getAlert().getWindowStart());
        assertEquals(T0 + 109 * MIN, out.get(1).getAlert().getWindowEnd());
        assertEquals(T0 + 200 * MIN, out.get(2).getAlert().getWindowStart());
        assertEquals(T0 + 279 * MIN, out.get(3).getAlert().getWindowEnd());
    }

    @Test
    void aReportedCorrectedValueOffByMoreThanTwoPercentIsAMismatch() throws Exception {
        var h = device(ConversionMismatchDetector.TYPE);
        // O2 11 %, O2 ref 6 %: the corrected value is 1.5 x the measured one
        for (int m = 0; m < 60; m++) {
            stack(h, m, 30, 45.5, 11, 50); // within 2 %: fine
        }
        for (int m = 60; m < 140; m++) {
            stack(h, m, 30, 40.0, 11, 50); // 11 % low
        }
        h.processWatermark(T0 + 200 * MIN);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(
                List.of("OPENED"),
                out.stream().map(e -> e.getEvent().name()).collect(Collectors.toList()));
        assertEquals(T0 + 60 * MIN, out.get(0).getAlert().getWindowStart());
        assertTrue(Math.abs(out.get(0).getAlert().getValue() - (45.0 - 40.0) / 45.0) < 1e-9);
        assertTrue(
                out.get(0)
                        .getAlert()
                        .getEvidence()
                        .contains(
                                "\"observed\":{\"measured\":30,\"reported_zs\":40,\"o2\":11,\"o2_ref\":6,\"recomputed_zs\":45}"),
                out.get(0).getAlert().getEvidence());
    }

    @Test
    void runningInsideADeclaredShutdownIsAnAlertAndAGenuineOneIsNot() throws Exception {
        for (double production : new double[] {800, 0}) {
            var h = unit(REF, DeclaredStopButRunningDetector.TYPE);
            org.cemsflow.reference.Mark stop =
                    new org.cemsflow.reference.Mark(
                            "STACK",
                            T0,
                            T0 + 4 * LocalTimes.HOUR_MS,
                            "shutdown",
                            T0 - LocalTimes.DAY_MS);
            UnitInput mark = UnitInput.markAtItsStart("unit-1", stop);
            h.processElement(new StreamRecord<>(mark, mark.time));
            for (int m = 0; m < 300; m++) {
                long t = T0 + m * MIN;
                double p = m >= 60 && m < 90 ? production : 0;
                h.processElement(
                        new StreamRecord<>(
                                sig(reading("PROD", "e10001", t, p, RecordKind.REALTIME)), t));
            }
            h.processWatermark(T0 + 400 * MIN);
            List<AlertEvent> out = h.extractOutputValues();
            if (production > 0) {
                assertEquals(1, out.size(), out.toString());
                assertEquals(T0, out.get(0).getAlert().getWindowStart());
                assertEquals(T0 + 75 * MIN, out.get(0).getAlert().getDetectedAt());
            } else {
                assertEquals(List.of(), out);
            }
            assertEquals(
                    1,
                    h.numEventTimeTimers(),
                    "the mark's and the inputs' timers are gone; the idle check stays");
            h.close();
        }
    }

    @Test
    void aJumpNotExplainedByTheFlowIsASuddenChangeAndALoadChangeIsNot() throws Exception {
        var h = device(SuddenChangeDetector.TYPE);
        java.util.Random rnd = new java.util.Random(3);
        for (int m = 0; m < 200; m++) {
            double so2 = 30 + rnd.nextGaussian();
            double flow = 50 + rnd.nextGaussian();
            if (m >= 100 && m < 103) {
                so2 = 90; // a jump, flow steady
            }
            if (m >= 150) {
                so2 = 60 + rnd.nextGaussian(); // load doubles: SO2 and flow move together
                flow = 100 + rnd.nextGaussian();
            }
            stack(h, m, so2, null, 11, flow);
        }
        h.processWatermark(T0 + 300 * MIN);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(
                List.of("OPENED", "UPDATED"),
                out.stream().map(e -> e.getEvent().name()).collect(Collectors.toList()),
                out.toString());
        assertEquals(T0 + 100 * MIN, out.get(0).getAlert().getWindowStart());
        assertEquals("a21026", out.get(0).getAlert().getPollutant());
        String evidence = out.get(0).getAlert().getEvidence();
        assertTrue(
                evidence.matches(
                        ".*\"observed\":\\{\"value\":90,\"median\":[0-9.]+,\"robust_sd\":[0-9.]+,"
                                + "\"deviation_sd\":[0-9.]+,\"k\":6,\"window_records\":60,\"flow\":[0-9.]+,.*"),
                evidence);
    }

    /** A keyed state of the device operator, at the key last set. */
    static <S extends State> S state(DeviceHarness h, StateDescriptor<S, ?> d) throws Exception {
        return h.h().getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
    }

    /** A rule's value state of a device, as the rule declares it. */
    static <V> ValueState<V> valueState(DeviceHarness h, String name, Class<V> type)
            throws Exception {
        return state(h, new ValueStateDescriptor<>(name, TypeInformation.of(type)));
    }

    /** A rule's map state of a device by {@code code|kind}, as the rule declared it. */
    static <V> MapState<String, V> mapState(DeviceHarness h, String name, Class<V> type)
            throws Exception {
        return state(h, new MapStateDescriptor<>(name, Types.STRING, TypeInformation.of(type)));
    }

    /** SUDDEN_CHANGE's history of a device, kept in one value (as now) or per code (before). */
    static ValueState<RecentValuesByCode> history(DeviceHarness h) throws Exception {
        return state(
                h,
                new ValueStateDescriptor<>(
                        "recent-values-by-code", RecentValuesByCodeSerializer.TYPE));
    }

    static MapState<String, RecentValues> formerHistory(DeviceHarness h) throws Exception {
        return mapState(h, "recent-values", RecentValues.class);
    }

    static void atStack(DeviceHarness h) {
        h.h().getOperator().<String>getKeyedStateBackend().setCurrentKey("STACK");
    }

    @Test
    void aHistoryKeptPerCodeBeforeMovesIntoTheDevicesOneValue() throws Exception {
        var now = device(SuddenChangeDetector.TYPE);
        var restored = device(SuddenChangeDetector.TYPE);
        java.util.Random rnd = new java.util.Random(5);
        for (int m = 0; m < 100; m++) {
            stack(now, m, 30 + rnd.nextGaussian(), null, 11, 50 + rnd.nextGaussian());
        }
        now.processWatermark(T0 + 100 * MIN - 1);
        // the restored operator holds the same history as a savepoint of the former layout
        atStack(now);
        atStack(restored);
        RecentValuesByCode kept = history(now).value();
        // SO2 and the flow; O2 is neither accused nor explains a jump: no history
        assertEquals(2, kept.keys.length, java.util.Arrays.toString(kept.keys));
        RecentValues o2 = new RecentValues();
        o2.add(11, 60);
        formerHistory(restored).put("a19001|MINUTE", o2); // kept before: left behind now
        for (int i = 0; i < kept.keys.length; i++) {
            formerHistory(restored)
                    .put(kept.keys[i], RecentValuesTest.copyThroughState(kept.values[i]));
        }
        for (DeviceHarness h : List.of(now, restored)) {
            stack(h, 100, 90, null, 11, 50);
            h.processWatermark(T0 + 101 * MIN);
        }
        List<AlertEvent> opened = restored.extractOutputValues();
        assertEquals(1, opened.size(), opened.toString());
        assertEquals(now.extractOutputValues(), opened);
        atStack(restored);
        assertTrue(formerHistory(restored).isEmpty(), "the former entries are gone");
        assertEquals(java.util.Set.of(kept.keys), java.util.Set.of(history(restored).value().keys));
    }

    /** CONSTANT_VALUE's runs of a device, kept in one value (as now) or per code (before). */
    static ValueState<ConstantRunsByCode> constantRuns(DeviceHarness h) throws Exception {
        return valueState(h, "constant-runs-by-code", ConstantRunsByCode.class);
    }

    static MapState<String, ConstantRun> formerConstantRuns(DeviceHarness h) throws Exception {
        return mapState(h, "constant-runs", ConstantRun.class);
    }

    static void humidity(DeviceHarness h, int fromMinute, int toMinute) throws Exception {
        for (int m = fromMinute; m < toMinute; m++) {
            long t = T0 + m * MIN;
            h.processElement(
                    new StreamRecord<>(
                            reading("STACK", "a01014", t, m < 65 ? 40.0 : 41.2, RecordKind.MINUTE),
                            t));
            h.processElement(
                    new StreamRecord<>(
                            reading("STACK", "a01012", t, 20.0 + m % 3, RecordKind.MINUTE), t));
        }
    }

    @Test
    void constantRunsKeptPerCodeBeforeMoveIntoTheDevicesOneValue() throws Exception {
        var now = constant();
        var restored = constant();
        humidity(now, 0, 40);
        now.processWatermark(T0 + 40 * MIN - 1);
        atStack(now);
        atStack(restored);
        ConstantRunsByCode kept = constantRuns(now).value();
        assertEquals(
                java.util.Set.of("a01014|MINUTE", "a01012|MINUTE"),
                java.util.Set.of(kept.keys),
                "a run per code and kind");
        // the restored operator holds the same runs as a savepoint of the former layout
        for (int i = 0; i < kept.keys.length; i++) {
            ConstantRun c = new ConstantRun();
            c.value = kept.runs[i].value;
            c.firstTime = kept.runs[i].firstTime;
            c.lastTime = kept.runs[i].lastTime;
            c.count = kept.runs[i].count;
            formerConstantRuns(restored).put(kept.keys[i], c);
        }
        for (DeviceHarness h : List.of(now, restored)) {
            humidity(h, 40, 71);
            h.processWatermark(T0 + 80 * MIN);
        }
        List<AlertEvent> out = restored.extractOutputValues();
        assertEquals(
                List.of("OPENED", "UPDATED"),
                out.stream().map(e -> e.getEvent().name()).collect(Collectors.toList()),
                "the humidity's run went on from the savepoint's: " + out);
        assertEquals(T0, out.get(0).getAlert().getWindowStart());
        assertEquals(now.extractOutputValues(), out);
        atStack(restored);
        assertTrue(formerConstantRuns(restored).isEmpty(), "the former entries are gone");
        assertEquals(2, constantRuns(restored).value().keys.length);
    }

    @Test
    void spikesLessThanTheMergeGapApartAreOneEpisode() throws Exception {
        var h = device(SuddenChangeDetector.TYPE);
        java.util.Random rnd = new java.util.Random(4);
        for (int m = 0; m < 420; m++) {
            double so2 = 30 + rnd.nextGaussian();
            if (m == 100 || m == 120 || m == 140 || m == 300) {
                so2 = 90; // every 20 minutes (one episode), then again after 2 h 40 min (another)
            }
            stack(h, m, so2, null, 11, 50 + rnd.nextGaussian());
        }
        h.processWatermark(T0 + 500 * MIN);
        List<String> out =
                h.extractOutputValues().stream()
                        .map(
                                e ->
                                        e.getEvent()
                                                + " "
                                                + (e.getAlert().getWindowStart() - T0) / MIN
                                                + "-"
                                                + (e.getAlert().getWindowEnd() - T0) / MIN
                                                + " "
                                                + e.getAlert()
                                                        .getEvidence()
                                                        .replaceAll(".*\"records\":(\\d+).*", "$1"))
                        .collect(Collectors.toList());
        assertEquals(
                List.of(
                        "OPENED 100-100 1",
                        "UPDATED 100-140 3",
                        "OPENED 300-300 1",
                        "UPDATED 300-300 1"),
                out);
    }

    @Test
    void withoutRatedPowerTheRatingIsLearnedAndTheDetectorStaysSilentUntilThen() throws Exception {
        ReferenceData unrated =
                new ReferenceData(
                        Map.of(
                                "PROD", Device.meter("PROD", "unit-1", "production", null),
                                "TREAT", Device.meter("TREAT", "unit-1", "treatment", null)));
        var h = unit(unrated, TreatmentNotRunningDetector.TYPE);
        java.util.Random rnd = new java.util.Random(5);
        int fiveMinutes = 12 * 24;
        for (int day = 0; day < 10; day++) {
            for (int i = 0; i < fiveMinutes; i++) {
                long t = T0 + day * LocalTimes.DAY_MS + i * 5 * MIN;
                // day 2: treatment off for two hours, before a rating is learned: silent
                boolean off = (day == 2 || day == 9) && i >= 100 && i < 124;
                double prod = 800 + 20 * rnd.nextGaussian();
                double treat = off ? 1 : 80 + 3 * rnd.nextGaussian();
                feed(h, reading("PROD", "e10001", t, prod, RecordKind.REALTIME));
                feed(h, reading("TREAT", "e10001", t, treat, RecordKind.REALTIME));
            }
        }
        h.processWatermark(T0 + 11 * LocalTimes.DAY_MS);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(
                List.of("OPENED", "UPDATED"),
                out.stream().map(e -> e.getEvent().name()).collect(Collectors.toList()));
        assertEquals(
                T0 + 9 * LocalTimes.DAY_MS + 100 * 5 * MIN,
                out.get(0).getAlert().getWindowStart(),
                "day 10 only");
    }

    static org.cemsflow.avro.Aggregate hourly(String mn, String code, long hour, double avg) {
        org.cemsflow.avro.Aggregate a = new org.cemsflow.avro.Aggregate();
        a.setMn(mn);
        Device d = REF.device(mn);
        a.setPointId(d.pointId);
        a.setUnitId(d.unitId);
        a.setPollutant(code);
        a.setPeriod(org.cemsflow.avro.AggregatePeriod.HOUR);
        a.setPeriodStart(hour);
        a.setAvg(avg);
        a.setCoverageMin(60);
        a.setValid(true);
        a.setRevision(1);
        return a;
    }

    /** 20 days of a unit's hourly load and flow; on days 3 and 15 the flow stops following it. */
    static List<org.cemsflow.avro.Aggregate> decouplingDays() {
        java.util.Random rnd = new java.util.Random(9);
        long day0 = LocalTimes.dayStart(T0);
        List<org.cemsflow.avro.Aggregate> rows = new java.util.ArrayList<>();
        for (int day = 0; day < 20; day++) {
            for (int hour = 0; hour < 24; hour++) {
                long t = day0 + day * LocalTimes.DAY_MS + hour * LocalTimes.HOUR_MS;
                double load =
                        600 + 300 * Math.sin(hour / 24.0 * 2 * Math.PI) + 20 * rnd.nextGaussian();
                // (day 3 is before any baseline)
                double flow =
                        (day == 3 || day == 15)
                                ? 40 + 2 * rnd.nextGaussian()
                                : 0.05 * load + rnd.nextGaussian();
                rows.add(hourly("PROD", "e10001", t, load));
                rows.add(hourly("STACK", "a00000", t, flow));
                if (hour % 5 == 2) {
                    // a second meter of the unit: its hour adds to the first's
                    rows.add(hourly("PROD", "e10001", t, 10 + rnd.nextInt(40) / 3.0));
                }
            }
        }
        return rows;
    }

    /** A LOAD_DECOUPLING detector keyed by unit, its state as {@code stateType} writes it, not opened. */
    static KeyedOneInputStreamOperatorTestHarness<String, org.cemsflow.avro.Aggregate, AlertEvent>
            decoupling(TypeInformation<DecouplingState> stateType) throws Exception {
        return Harnesses.keyed(
                new LoadDecouplingDetector(SETTINGS, stateType),
                org.cemsflow.avro.Aggregate::getUnitId);
    }

    /** An hourly row as the detector gets it: at the end of its hour. */
    static StreamRecord<org.cemsflow.avro.Aggregate> atHourEnd(org.cemsflow.avro.Aggregate a) {
        return new StreamRecord<>(a, a.getPeriodStart() + LocalTimes.HOUR_MS - 1);
    }

    @Test
    void flowThatNoLongerFollowsTheLoadIsDecoupledAgainstTheUnitsOwnBaseline() throws Exception {
        var h = decoupling(DecouplingStateSerializer.TYPE);
        h.open();
        for (var a : decouplingDays()) {
            h.processElement(atHourEnd(a));
        }
        long day0 = LocalTimes.dayStart(T0);
        h.processWatermark(day0 + 21 * LocalTimes.DAY_MS);
        List<AlertEvent> out = h.extractOutputValues();
        assertEquals(1, out.size(), out.toString());
        assertEquals(day0 + 15 * LocalTimes.DAY_MS, out.get(0).getAlert().getWindowStart());
        assertTrue(out.get(0).getAlert().getEvidence().contains("\"load_kw\":["));
    }

    /**
     * Hours taken as they arrive, out of order by up to 5 hours with the watermark 6 hours behind
     * (as the settled stream brings them), give the alerts of the same days bit for bit, and no
     * hour waits in state: the unit keeps its open days' series, a value.
     */
    @Test
    void loadDecouplingInArrivalOrderJudgesEachDayAsInEventTimeOrder() throws Exception {
        var inOrder = decoupling(DecouplingStateSerializer.TYPE);
        inOrder.open();
        List<org.cemsflow.avro.Aggregate> rows = decouplingDays();
        for (var a : rows) {
            inOrder.processElement(atHourEnd(a));
        }
        long day0 = LocalTimes.dayStart(T0);
        inOrder.processWatermark(day0 + 21 * LocalTimes.DAY_MS);

        // arrival: each row up to 5 hours after its hour, the watermark 6 hours behind arrival
        java.util.Random rnd = new java.util.Random(3);
        List<long[]> arrivals = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long end = atHourEnd(rows.get(i)).getTimestamp();
            arrivals.add(new long[] {end + rnd.nextInt(5 * 60) * MIN, i});
        }
        arrivals.sort(java.util.Comparator.comparingLong(x -> x[0]));
        var live = decoupling(DecouplingStateSerializer.TYPE);
        live.open();
        int most = 0;
        for (long[] arrival : arrivals) {
            var a = rows.get((int) arrival[1]);
            live.processElement(atHourEnd(a));
            live.processWatermark(arrival[0] - 6 * LocalTimes.HOUR_MS);
            most = Math.max(most, live.numKeyedStateEntries());
        }
        live.processWatermark(day0 + 21 * LocalTimes.DAY_MS);
        assertEquals(
                inOrder.extractOutputValues().toString(), live.extractOutputValues().toString());
        assertEquals(1, live.extractOutputValues().size());
        assertEquals(1, most, "one value a unit, no hour waiting");
    }

    /**
     * The unit's state comes back field for field from the compact form (missing hours and -0.0
     * included), in under a third of the POJO serializer's bytes for a flow-only
     * unit's day, and a detector whose state the POJO serializer wrote in a savepoint judges the
     * days as if never stopped.
     */
    @Test
    void loadDecouplingStateIsCompactAndMigratesFromThePojo() throws Exception {
        DecouplingState s = new DecouplingState();
        long day = LocalTimes.dayStart(T0);
        s.lastDay = day - LocalTimes.DAY_MS;
        int open = s.slot(day);
        for (int h = 0; h < 24; h++) {
            s.openSeries[DecouplingState.index(open, true, h)] = 20 + h / 7.0; // flow only
        }
        s.slot(day + LocalTimes.DAY_MS);
        s.openSeries[DecouplingState.index(1, false, 3)] = -0.0;
        s.history = new double[] {0.91, 0.87, 0.953};
        var compact = DecouplingStateSerializer.INSTANCE;
        java.util.function.Function<DecouplingState, String> fields =
                x ->
                        x.day
                                + ","
                                + x.lastDay
                                + ","
                                + java.util.Arrays.toString(x.load)
                                + java.util.Arrays.toString(x.flow)
                                + java.util.Arrays.toString(x.openDays)
                                + java.util.Arrays.toString(
                                        java.util.Arrays.stream(x.openSeries)
                                                .mapToLong(Double::doubleToRawLongBits)
                                                .toArray())
                                + java.util.Arrays.toString(x.history);
        org.cemsflow.testkit.SerializerChecks.assertSurvives(compact, s, fields);
        org.cemsflow.testkit.SerializerChecks.assertSurvives(
                compact, new DecouplingState(), fields);
        DecouplingState before = new DecouplingState();
        before.day = day;
        before.load = new double[24];
        before.flow = new double[] {1.5, Double.NaN};
        org.cemsflow.testkit.SerializerChecks.assertSurvives(compact, before, fields);

        var pojo =
                TypeInformation.of(DecouplingState.class)
                        .createSerializer(
                                new org.apache.flink.api.common.serialization
                                        .SerializerConfigImpl());
        DecouplingState flowDay = new DecouplingState();
        int at = flowDay.slot(day);
        for (int h = 0; h < 24; h++) {
            flowDay.openSeries[DecouplingState.index(at, true, h)] = 20 + h / 7.0;
        }
        int small = org.cemsflow.testkit.SerializerChecks.bytes(compact, flowDay).length;
        int big = org.cemsflow.testkit.SerializerChecks.bytes(pojo, flowDay).length;
        assertTrue(small * 2 < big, small + " bytes against " + big);
        org.cemsflow.testkit.SerializerChecks.assertMigratesFrom(compact, pojo);

        List<org.cemsflow.avro.Aggregate> rows = decouplingDays();
        var whole = decoupling(DecouplingStateSerializer.TYPE);
        whole.open();
        var first = decoupling(TypeInformation.of(DecouplingState.class));
        first.open();
        int half = rows.size() / 2 + 7; // within a day
        long day0 = LocalTimes.dayStart(T0);
        for (int i = 0; i < rows.size(); i++) {
            var a = rows.get(i);
            whole.processElement(atHourEnd(a));
            if (i < half) {
                first.processElement(atHourEnd(a));
            }
        }
        whole.processWatermark(day0 + 21 * LocalTimes.DAY_MS);
        first.processWatermark(rows.get(half).getPeriodStart() - 2 * LocalTimes.HOUR_MS);
        var snapshot = first.snapshot(1, 1);
        List<AlertEvent> got = new java.util.ArrayList<>(first.extractOutputValues());
        first.close();
        var after = decoupling(DecouplingStateSerializer.TYPE);
        after.initializeState(snapshot);
        after.open();
        for (int i = half; i < rows.size(); i++) {
            var a = rows.get(i);
            after.processElement(atHourEnd(a));
        }
        after.processWatermark(day0 + 21 * LocalTimes.DAY_MS);
        got.addAll(after.extractOutputValues());
        assertEquals(whole.extractOutputValues().toString(), got.toString());
        assertEquals(1, got.size());
    }

    /** A day the earlier layout was collecting (its own fields) is judged as it would have been. */
    @Test
    void aDayOfTheEarlierDecouplingLayoutMovesIntoTheOpenDays() {
        DecouplingState before = new DecouplingState();
        long day = LocalTimes.dayStart(T0);
        before.day = day;
        before.load = new double[24];
        before.flow = new double[24];
        java.util.Arrays.fill(before.flow, Double.NaN);
        for (int h = 0; h < 24; h++) {
            before.load[h] = 500 + h;
            if (h % 3 != 0) {
                before.flow[h] = 20 + h;
            }
        }
        double[] load = before.load.clone();
        double[] flow = before.flow.clone();
        before.migrate();
        assertEquals(Long.MIN_VALUE, before.day);
        assertEquals(0, before.load.length);
        assertEquals(List.of(day), java.util.Arrays.stream(before.openDays).boxed().toList());
        assertEquals(
                java.util.Arrays.toString(load),
                java.util.Arrays.toString(before.series(0, false)));
        assertEquals(
                java.util.Arrays.toString(flow), java.util.Arrays.toString(before.series(0, true)));
        before.slot(day + LocalTimes.DAY_MS);
        before.slot(day - LocalTimes.DAY_MS);
        assertEquals(
                List.of(day - LocalTimes.DAY_MS, day, day + LocalTimes.DAY_MS),
                java.util.Arrays.stream(before.openDays).boxed().toList());
        assertEquals(
                java.util.Arrays.toString(load),
                java.util.Arrays.toString(before.series(1, false)));
        before.closeFirst();
        assertEquals(
                java.util.Arrays.toString(flow), java.util.Arrays.toString(before.series(0, true)));
    }

    static final long IDLE = SETTINGS.idleRetentionMs();

    /** Beyond the idle retention (and the daily check after it) from the last input. */
    static long forgottenAfter(long lastInput) {
        return LocalTimes.dayStart(lastInput + IDLE) + 2 * LocalTimes.DAY_MS;
    }

    @Test
    void aDeviceKeepsBoundedStateWhileItSendsAndNoneOnceSilentBeyondTheRetention()
            throws Exception {
        var h = device(ConstantValueDetector.TYPE);
        var all =
                Harnesses.keyed(
                        new DeviceCorrelation(SETTINGS, SETTINGS.detectors()),
                        (DecodedFrame f) -> f.mn);
        all.open();
        java.util.Random rnd = new java.util.Random(9);
        int entriesAfterADay = 0;
        for (int m = 0; m < 3 * 24 * 60; m += 5) {
            long t = T0 + m * MIN;
            DecodedFrame f = new DecodedFrame();
            f.mn = "STACK";
            f.cn = 2051;
            f.data = true;
            f.dataTime = t;
            f.readings.add(
                    reading("STACK", "a21026", t, 30 + rnd.nextGaussian(), RecordKind.MINUTE));
            f.readings.add(
                    reading(
                            "STACK",
                            "a19001",
                            t,
                            11 + 0.2 * rnd.nextGaussian(),
                            RecordKind.MINUTE));
            f.readings.add(
                    reading(
                            "STACK",
                            "a00000",
                            t,
                            10 + 0.2 * rnd.nextGaussian(),
                            RecordKind.MINUTE));
            f.readings.add(reading("STACK", "a01014", t, 40, RecordKind.MINUTE));
            all.processElement(new StreamRecord<>(f, t));
            all.processWatermark(t);
            if (m == 24 * 60) {
                entriesAfterADay = all.numKeyedStateEntries();
            }
            h.processElement(
                    new StreamRecord<>(reading("STACK", "a01014", t, 40, RecordKind.MINUTE), t));
        }
        assertEquals(
                entriesAfterADay,
                all.numKeyedStateEntries(),
                "steady: one run and one window per code, not per record");
        long last = T0 + (3 * 24 * 60 - 5) * MIN;
        all.processWatermark(forgottenAfter(last) - 2 * LocalTimes.DAY_MS);
        assertTrue(
                all.numKeyedStateEntries() > 0,
                "a week of silence: the device is still remembered");
        all.processWatermark(forgottenAfter(last));
        Harnesses.assertStateGone(all, "every key's state is cleaned up");
        assertEquals(0, all.numEventTimeTimers());
        h.processWatermark(forgottenAfter(last));
        Harnesses.assertStateGone(h.h(), "every key's state is cleaned up");
        assertEquals(0, h.numEventTimeTimers());
    }

    static DecodedFrame stackFrame(long t, double so2) {
        DecodedFrame f = new DecodedFrame();
        f.mn = "STACK";
        f.cn = 2051;
        f.data = true;
        f.dataTime = t;
        f.readings.add(reading("STACK", "a21026", t, so2, RecordKind.MINUTE));
        f.readings.add(reading("STACK", "a19001", t, 11, RecordKind.MINUTE));
        f.readings.add(reading("STACK", "a00000", t, 10, RecordKind.MINUTE));
        return f;
    }

    @Test
    void wholeFramesAreJudgedAsTheyArriveAndAnOvertakenFrameIsNotJudged() throws Exception {
        var h =
                Harnesses.keyed(
                        new DeviceCorrelation(SETTINGS, java.util.Set.of(ZeroValueDetector.TYPE)),
                        (DecodedFrame f) -> f.mn);
        h.open();
        for (int m = 0; m < 200; m++) {
            long t = T0 + m * MIN;
            h.processElement(new StreamRecord<>(stackFrame(t, m >= 60 && m < 150 ? 0 : 30), t));
            if (m == 100) {
                // overtaken in transit: older than what was judged; judged, it would break the run
                long old = T0 + 90 * MIN;
                h.processElement(new StreamRecord<>(stackFrame(old, 30), old));
            }
        }
        // no watermark at all: nothing waits for one
        List<String> out =
                h.extractOutputValues().stream()
                        .map(
                                e ->
                                        e.getEvent()
                                                + " "
                                                + (e.getAlert().getWindowStart() - T0) / MIN
                                                + "-"
                                                + (e.getAlert().getWindowEnd() - T0) / MIN)
                        .collect(Collectors.toList());
        assertEquals(List.of("OPENED 60-120", "UPDATED 60-149"), out);
        assertEquals(1, h.numEventTimeTimers(), "only the idle check");
    }

    static ValueState<Long> longState(DeviceHarness h, String name) throws Exception {
        return state(h, new ValueStateDescriptor<>(name, Types.LONG));
    }

    static long[] progress(DeviceHarness h) throws Exception {
        atStack(h);
        return state(
                        h,
                        new ValueStateDescriptor<>(
                                "judged-progress",
                                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO))
                .value();
    }

    /**
     * The times of the latest judged, real-time and any upload, three values before, move into the
     * device's one progress on its next frame: an overtaken frame is still not judged, and a minute
     * frame within the hour of the last real-time one moves the judged and latest times only.
     */
    @Test
    void theTimesKeptInThreeValuesBeforeMoveIntoTheDevicesProgress() throws Exception {
        var d =
                new DeviceHarness(
                        Harnesses.keyed(
                                new DeviceCorrelation(
                                        SETTINGS, java.util.Set.of(ZeroValueDetector.TYPE)),
                                (DecodedFrame f) -> f.mn));
        d.h().open();
        atStack(d);
        longState(d, "last-judged").update(T0 + 100 * MIN);
        longState(d, "last-realtime").update(T0 + 95 * MIN);
        longState(d, "last-input").update(T0 + 100 * MIN);
        long old = T0 + 90 * MIN;
        d.h().processElement(new StreamRecord<>(stackFrame(old, 0), old));
        assertEquals(
                java.util.Arrays.toString(
                        new long[] {T0 + 100 * MIN, T0 + 95 * MIN, T0 + 100 * MIN}),
                java.util.Arrays.toString(progress(d)),
                "the overtaken frame is not judged");
        assertEquals(null, longState(d, "last-judged").value());
        assertEquals(null, longState(d, "last-realtime").value());
        assertEquals(null, longState(d, "last-input").value());
        long next = T0 + 101 * MIN;
        d.h().processElement(new StreamRecord<>(stackFrame(next, 0), next));
        assertEquals(
                java.util.Arrays.toString(new long[] {next, T0 + 95 * MIN, next}),
                java.util.Arrays.toString(progress(d)));
        assertEquals(List.of(), d.h().extractOutputValues());
    }

    static AlertEvent constantAlert(AlertEventType type, int sequence, long start, long at) {
        org.cemsflow.avro.Alert a =
                Alerts.alert(
                        ConstantValueDetector.TYPE,
                        "warning",
                        "unit-1",
                        "stack-1",
                        "STACK",
                        "a01014",
                        start,
                        at,
                        8.0,
                        null,
                        at,
                        12 * LocalTimes.HOUR_MS,
                        "{}");
        return Alerts.event(type, sequence, at, a);
    }

    @Test
    void aConstantValueWhileTheUnitsMetersSayItIsStoppedIsDroppedWithItsEnd() throws Exception {
        for (double production : new double[] {0, 800}) {
            var h = unit(REF, TreatmentNotRunningDetector.TYPE);
            for (int m = 0; m <= 180; m += 5) {
                feed(h, reading("PROD", "e10001", T0 + m * MIN, production, RecordKind.REALTIME));
            }
            h.processElement(
                    new StreamRecord<>(
                            UnitInput.deviceAlert(
                                    constantAlert(AlertEventType.OPENED, 1, T0, T0 + 60 * MIN)),
                            T0 + 60 * MIN));
            h.processElement(
                    new StreamRecord<>(
                            UnitInput.deviceAlert(
                                    constantAlert(AlertEventType.UPDATED, 2, T0, T0 + 120 * MIN)),
                            T0 + 120 * MIN));
            h.processWatermark(T0 + 200 * MIN);
            List<String> out =
                    h.extractOutputValues().stream()
                            .map(e -> e.getEvent().name())
                            .collect(Collectors.toList());
            assertEquals(
                    production > 0 ? List.of("OPENED", "UPDATED") : List.of(),
                    out,
                    "production " + production);
            h.close();
        }
    }

    @Test
    void aUnitKeepsBoundedStateAndNoneOnceSilentBeyondTheRetention() throws Exception {
        ReferenceData unrated =
                new ReferenceData(
                        Map.of(
                                "PROD", Device.meter("PROD", "unit-1", "production", null),
                                "TREAT", Device.meter("TREAT", "unit-1", "treatment", 100.0),
                                "STACK",
                                        Device.point(
                                                "STACK", "stack-1", "unit-1", "Plant", "air", 6.0,
                                                null, 1)));
        var h =
                Harnesses.keyed(
                        new UnitCorrelation(SETTINGS, unrated, SETTINGS.detectors()),
                        (UnitInput u) -> u.unitId);
        h.open();
        org.cemsflow.reference.Mark stop =
                new org.cemsflow.reference.Mark(
                        "STACK",
                        T0 + LocalTimes.HOUR_MS,
                        T0 + 2 * LocalTimes.HOUR_MS,
                        "shutdown",
                        T0);
        h.processElement(new StreamRecord<>(UnitInput.mark("unit-1", stop), T0));
        h.processElement(
                new StreamRecord<>(
                        UnitInput.markAtItsStart("unit-1", stop), T0 + LocalTimes.HOUR_MS));
        int entriesAfterADay = 0;
        long last = 0;
        for (int m = 0; m < 10 * 24 * 60; m += 5) {
            last = T0 + m * MIN;
            feed(h, reading("PROD", "e10001", last, 800, RecordKind.REALTIME));
            feed(h, reading("TREAT", "e10001", last, 80, RecordKind.REALTIME));
            feed(h, reading("STACK", "a19001", last, 11, RecordKind.REALTIME));
            feed(h, reading("STACK", "a00000", last, 10, RecordKind.REALTIME));
            h.processWatermark(last);
            if (m == 8 * 24 * 60) {
                entriesAfterADay = h.numKeyedStateEntries();
            }
        }
        assertEquals(
                entriesAfterADay,
                h.numKeyedStateEntries(),
                "steady: per meter and point, not per record");
        h.processWatermark(forgottenAfter(last));
        Harnesses.assertStateGone(h, "every key's state is cleaned up");
        assertEquals(0, h.numEventTimeTimers());
    }

    /**
     * A unit silent beyond the retention is forgotten while the signal of its return waits for its
     * time: the signal still finds its MN (it waits with its number), and once it is handled and
     * the unit silent again, nothing of the unit is left.
     */
    @Test
    void aSignalThatWaitsWhileItsUnitIsForgottenKeepsItsMn() throws Exception {
        var h = missing();
        h.open();
        unitMinutes(h, 30, 800, 30, 30);
        long last = T0 + 29 * MIN;
        h.processWatermark(last);
        long back = forgottenAfter(last) + LocalTimes.HOUR_MS;
        h.processElement(
                new StreamRecord<>(
                        sig(reading("STACK", "a21026", back, 30, RecordKind.REALTIME)), back));
        h.processWatermark(forgottenAfter(last)); // the idle check fires; the signal still waits
        assertEquals(1, h.numEventTimeTimers(), "the idle check fired: the signal's timer is left");
        h.processWatermark(back);
        assertEquals(List.of(), h.extractOutputValues());
        h.processWatermark(forgottenAfter(back));
        Harnesses.assertStateGone(h, "every key's state is cleaned up");
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void aUnitWithoutHoursBeyondTheRetentionIsForgottenByLoadDecoupling() throws Exception {
        var h = decoupling(DecouplingStateSerializer.TYPE);
        h.open();
        long day0 = LocalTimes.dayStart(T0);
        for (int hour = 0; hour < 48; hour++) {
            long t = day0 + hour * LocalTimes.HOUR_MS;
            h.processElement(
                    new StreamRecord<>(hourly("PROD", "e10001", t, 500 + 10 * (hour % 24)), t));
            h.processElement(new StreamRecord<>(hourly("STACK", "a00000", t, 25 + (hour % 24)), t));
        }
        h.processWatermark(day0 + 2 * LocalTimes.DAY_MS + 1);
        assertTrue(h.numKeyedStateEntries() > 0, "the baseline so far");
        h.processWatermark(day0 + 2 * LocalTimes.DAY_MS + IDLE + 1);
        Harnesses.assertStateGone(h, "every key's state is cleaned up");
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void theStateKeyOfACodeAndKindIsOneSharedString() {
        Reading a = reading("STACK", "a21026", T0, 1, RecordKind.REALTIME);
        Reading b = reading("OUTFALL", "a21026", T0 + MIN, 2, RecordKind.REALTIME);
        assertEquals("a21026|REALTIME", Alerts.codeKindKey(a));
        org.junit.jupiter.api.Assertions.assertSame(Alerts.codeKindKey(a), Alerts.codeKindKey(b));
        assertEquals(
                "a21026|MINUTE",
                Alerts.codeKindKey(reading("STACK", "a21026", T0, 1, RecordKind.MINUTE)));
    }

    @Test
    void aKeyReadBackFromACheckpointIsFoundAndThenSharedWhereItIsKept() {
        String shared = Alerts.codeKindKey(reading("STACK", "a21026", T0, 1, RecordKind.REALTIME));
        String restored =
                new String("a21026|REALTIME"); // what a deserializer makes: equal, not same
        String[] keys = {new String("a19001|REALTIME"), restored};
        ConstantRunsByCode runs = new ConstantRunsByCode();
        runs.keys = keys;
        runs.runs = new ConstantRun[] {new ConstantRun(), new ConstantRun()};
        assertEquals(1, runs.indexOf(shared));
        org.junit.jupiter.api.Assertions.assertSame(shared, runs.keys[1], "now kept shared");
        assertEquals(1, runs.indexOf(shared));
        assertEquals(-1, runs.indexOf("a34013|REALTIME"));
        RecentValuesByCode history = new RecentValuesByCode();
        RecentValues window = new RecentValues();
        history.put(new String("a21026|REALTIME"), window);
        org.junit.jupiter.api.Assertions.assertSame(window, history.of(shared));
        org.junit.jupiter.api.Assertions.assertSame(shared, history.keys[0]);
        assertEquals(1, history.keys.length, "found, not added again");
    }

    @Test
    void stateTypesArePojosWithoutGenericFields() {
        Harnesses.assertPojo(
                ConstantRun.class,
                ConstantRunsByCode.class,
                ConditionRun.class,
                RecentValues.class,
                RecentValuesByCode.class,
                RatedPowerLearner.class,
                DecouplingState.class,
                UnitInput.class,
                UnitSignal.class,
                DecodedFrame.class,
                org.cemsflow.reference.MarkList.class);
    }
}
