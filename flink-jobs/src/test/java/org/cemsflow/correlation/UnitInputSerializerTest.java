package org.cemsflow.correlation;

import static org.cemsflow.testkit.SerializerChecks.assertSnapshotRestoresItself;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Mark;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.testkit.SerializerChecks;
import org.junit.jupiter.api.Test;

/**
 * The unit rules' compact serializer gives back every field and every null of every kind of input,
 * takes less than half the bytes of the POJO serializer it replaced for a waiting signal, and an
 * operator restored from state the POJO serializer wrote goes on exactly as one never stopped.
 */
class UnitInputSerializerTest {
    static final TypeSerializer<UnitInput> COMPACT =
            UnitInputTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());
    static final TypeSerializer<UnitInput> POJO =
            TypeInformation.of(UnitInput.class).createSerializer(new SerializerConfigImpl());

    static UnitInput roundTrip(UnitInput u) throws Exception {
        return SerializerChecks.roundTrip(COMPACT, u);
    }

    /** Every public field, nested POJOs field by field (none of these types has equals). */
    static String fields(Object o) throws Exception {
        return SerializerChecks.fields(
                o,
                String::valueOf,
                Set.of(UnitInput.class, UnitSignal.class, Mark.class, Device.class));
    }

    static List<UnitInput> everyKind() {
        long t = CorrelationDetectorsTest.T0;
        List<UnitInput> all = new ArrayList<>();
        for (String mn : List.of("PROD", "STACK", "OUTFALL")) {
            for (RecordKind kind : RecordKind.values()) {
                for (String code : List.of("e10001", "w00000", "a00000", "a19001", "a21026")) {
                    UnitSignal s =
                            UnitSignal.of(
                                    List.of(
                                            CorrelationDetectorsTest.reading(
                                                    mn, code, t, 12.5, kind)),
                                    "e10001",
                                    "w00000");
                    all.add(UnitInput.signal(s));
                }
            }
        }
        UnitSignal full = new UnitSignal();
        full.unitId = "unit-1";
        full.mn = "MN-天津";
        full.time = t;
        full.power = -0.0;
        full.water = Double.NaN;
        full.airFlow = 1e300;
        full.o2 = 20.9;
        all.add(UnitInput.signal(full));
        UnitInput other = UnitInput.signal(full);
        other.unitId = "unit-2"; // not made this way by the job, kept all the same
        other.time = t + 1;
        all.add(other);
        UnitSignal bare = new UnitSignal();
        all.add(UnitInput.signal(bare));
        UnitSignal numbered = new UnitSignal();
        numbered.device = 300; // waiting: its MN's number in the unit's list
        numbered.time = t;
        numbered.o2 = 20.9;
        all.add(UnitInput.signal(numbered));
        for (double[] v :
                new double[][] {
                    {0.001, -123456.789, 0.3, 1e-4}, // the last is no decimal of three places
                    {0.1 + 0.2, 9.007e12, -9.007e12, 1e15}, // 0.30000000000000004, the limits
                    {Double.POSITIVE_INFINITY, Double.MIN_VALUE, -5, 0}
                }) {
            UnitSignal s = new UnitSignal();
            s.mn = "STACK";
            s.time = t - 1; // not whole seconds
            s.power = v[0];
            s.water = v[1];
            s.airFlow = v[2];
            s.o2 = v[3];
            all.add(UnitInput.signal(s));
            UnitInput early = UnitInput.signal(s);
            early.time = -86_400_000L; // before 1970, whole seconds
            all.add(early);
        }
        Mark m = new Mark("STACK", t, t + 3_600_000, "maintenance", t - 5);
        all.add(UnitInput.mark("unit-1", m));
        all.add(UnitInput.markAtItsStart("unit-1", m.inUnit("unit-1")));
        all.add(
                UnitInput.deviceAlert(
                        Alerts.event(
                                AlertEventType.OPENED,
                                1,
                                t,
                                Alerts.alert(
                                        ConstantValueDetector.TYPE,
                                        "medium",
                                        "unit-1",
                                        "stack-1",
                                        "STACK",
                                        "a01014",
                                        t,
                                        t + 60_000,
                                        40.0,
                                        null,
                                        t,
                                        43_200_000,
                                        "{}"))));
        all.add(UnitInput.device(CorrelationDetectorsTest.REF.device("STACK")));
        all.add(UnitInput.device(Device.meter("PROD", "unit-1", "production", null)));
        all.add(new UnitInput());
        return all;
    }

    @Test
    void everyKindOfInputSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (UnitInput u : everyKind()) {
            assertEquals(fields(u), fields(roundTrip(u)));
            UnitInput copy = COMPACT.copy(u);
            assertEquals(fields(u), fields(copy));
            assertNotSame(u, copy);
            if (u.signal != null) {
                assertNotSame(u.signal, copy.signal);
            }
        }
    }

    /**
     * The device rules' side output of signals: every field back through the wire and the copy
     * between chained operators, which is a new signal (the unit rules number a signal's device in
     * place), as the POJO serializer's was.
     */
    @Test
    void aUnitSignalSurvivesItsOwnSerializerAndCopy() throws Exception {
        int signals = 0;
        for (UnitInput u : everyKind()) {
            if (u.signal == null) {
                continue;
            }
            signals++;
            UnitSignal s = u.signal;
            assertEquals(
                    fields(s),
                    fields(SerializerChecks.roundTrip(UnitSignalSerializer.INSTANCE, s)));
            UnitSignal copy = UnitSignalSerializer.INSTANCE.copy(s);
            assertNotSame(s, copy);
            assertEquals(fields(s), fields(copy));
            UnitSignal meter = UnitSignalSerializer.INSTANCE.copy(s);
            meter.meter = !s.meter;
            meter.device = 7;
            assertEquals(
                    fields(meter),
                    fields(SerializerChecks.roundTrip(UnitSignalSerializer.INSTANCE, meter)));
        }
        assertTrue(signals > 40, signals + " signals");
        assertSame(UnitSignalSerializer.TYPE, DeviceCorrelation.UNIT_SIGNALS.getTypeInfo());
    }

    @Test
    void aSignalsUnitIsTheInputsStringAfterTheRoundTrip() throws Exception {
        UnitInput back = roundTrip(everyKind().get(0));
        assertSame(back.unitId, back.signal.unitId);
    }

    /**
     * A signal as it waited before (the POJO serializer, its unit id twice) against as it waits now
     * (compact, without the unit id, which is the key), with names as long as real ones (a 2025 MN,
     * a unified social credit code).
     */
    @Test
    void aWaitingSignalTakesLessThanHalfTheBytesItTookBefore() throws Exception {
        for (UnitInput u : everyKind().subList(0, 45)) {
            u.unitId = "91130100MA0CEMS12X";
            u.signal.unitId = u.unitId;
            u.signal.mn = "0123456789ABCDEF01234567";
            int before = bytes(POJO, u).length;
            u.unitId = null;
            u.signal.unitId = null;
            int now = bytes(COMPACT, u).length;
            assertTrue(2 * now < before, now + " against " + before + ": " + fields(u));
        }
    }

    /** The layout written before times and values had variable-length forms. */
    static byte[] fixedWidth(UnitInput u) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(128);
        UnitSignal s = u.signal;
        out.writeByte(1 | (u.unitId != null ? 32 : 0));
        if (u.unitId != null) {
            org.apache.flink.types.StringValue.writeString(u.unitId, out);
        }
        out.writeLong(u.time);
        Double[] values = {s.power, s.water, s.airFlow, s.o2};
        int f = (s.meter ? 1 : 0) | (s.time != u.time ? 64 : 0);
        for (int i = 0; i < values.length; i++) {
            f |= values[i] != null ? 2 << i : 0;
        }
        out.writeByte(f);
        org.apache.flink.types.StringValue.writeString(s.mn, out);
        if (s.time != u.time) {
            out.writeLong(s.time);
        }
        for (Double v : values) {
            if (v != null) {
                out.writeDouble(v);
            }
        }
        return out.getCopyOfBuffer();
    }

    @Test
    void signalsWrittenBeforeTheVariableLengthFormsReadAsTheyWere() throws Exception {
        int signals = 0;
        for (UnitInput u : everyKind()) {
            if (u.signal == null
                    || u.signal.device > 0
                    || (u.unitId != null && !u.unitId.equals(u.signal.unitId))) {
                continue; // the layout of signals named by MN whose unit is the input's
            }
            DataInputDeserializer in = new DataInputDeserializer(fixedWidth(u));
            assertEquals(fields(u), fields(COMPACT.deserialize(in)));
            assertEquals(0, in.available(), "every byte read");
            signals++;
        }
        assertTrue(signals > 45, signals + " signals");
    }

    /**
     * A waiting signal of whole-second time and values as monitors send them (up to three
     * decimals) takes at least a fifth fewer bytes than in the fixed-width layout, its 24-character
     * MN (half of it) included.
     */
    @Test
    void aWaitingSignalOfAMonitorsValuesTakesAFifthFewerBytesThanFixedWidth() throws Exception {
        UnitSignal s = new UnitSignal();
        s.mn = "0123456789ABCDEF01234567";
        s.time = CorrelationDetectorsTest.T0 + 37_000;
        s.airFlow = 123456.78;
        s.o2 = 20.9;
        UnitInput u = UnitInput.signal(s);
        int now = bytes(COMPACT, u).length;
        int before = fixedWidth(u).length;
        assertTrue(5 * now <= 4 * before, now + " against " + before);
    }

    @Test
    void theSnapshotRestoresTheSerializerAndMigratesWhatThePojoSerializerWrote() throws Exception {
        var snapshot = assertSnapshotRestoresItself(COMPACT);
        assertTrue(
                snapshot.resolveSchemaCompatibility(POJO.snapshotConfiguration())
                        .isCompatibleAfterMigration());
    }

    static KeyedOneInputStreamOperatorTestHarness<String, UnitInput, AlertEvent> unit(
            TypeInformation<UnitInput> stateType) throws Exception {
        return Harnesses.keyed(
                new UnitCorrelation(
                        CorrelationDetectorsTest.SETTINGS,
                        CorrelationDetectorsTest.REF,
                        Set.of(DataMissingWhileProducingDetector.TYPE),
                        stateType,
                        stateType instanceof UnitInputTypeInfo), // the POJO's in buckets, as then
                (UnitInput u) -> u.unitId);
    }

    /** Three hours of a producing unit whose stack is silent for 80 minutes: one alert, closed. */
    @Test
    void stateWrittenByThePojoSerializerIsRestoredAndTheRulesGoOnAsIfNeverStopped()
            throws Exception {
        var whole = unit(UnitInputTypeInfo.INSTANCE);
        whole.open();
        CorrelationDetectorsTest.unitMinutes(whole, 180, 800, 30, 110);
        whole.processWatermark(CorrelationDetectorsTest.T0 + 200 * CorrelationDetectorsTest.MIN);
        List<AlertEvent> expected = Harnesses.values(whole);
        assertEquals(2, expected.size(), "the alert opened and closed");

        var before = unit(TypeInformation.of(UnitInput.class));
        before.open();
        CorrelationDetectorsTest.unitMinutes(before, 180, 800, 30, 110);
        assertTrue(before.numKeyedStateEntries() > 0, "signals wait for the watermark");
        OperatorSubtaskState state = before.snapshot(1, 1);
        before.close();

        var after = unit(UnitInputTypeInfo.INSTANCE);
        after.initializeState(state);
        after.open();
        OperatorSubtaskState migrated = after.snapshot(2, 2); // now in the compact format
        after.close();
        var again = unit(UnitInputTypeInfo.INSTANCE);
        again.initializeState(migrated);
        again.open();
        again.processWatermark(CorrelationDetectorsTest.T0 + 200 * CorrelationDetectorsTest.MIN);
        assertEquals(
                expected.stream().map(AlertEvent::toString).toList(),
                Harnesses.values(again).stream().map(AlertEvent::toString).toList());
    }
}
