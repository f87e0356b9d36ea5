package org.cemsflow.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.ReferenceRouter;
import org.cemsflow.reference.SideInput;
import org.junit.jupiter.api.Test;

/** Rows survive the compact serializer and its copy; state held as Avro rows migrates to it. */
class AggregateSerializerTest {
    static Aggregate full() {
        Aggregate a = new Aggregate();
        a.setMn("LD130131000091");
        a.setPointId("P-1");
        a.setUnitId("U-1");
        a.setPollutant("a21026");
        a.setPeriod(AggregatePeriod.DAY);
        a.setPeriodStart(1_471_968_000_000L);
        a.setAvg(12.5);
        a.setMin(-0.0);
        a.setMax(Double.MAX_VALUE);
        a.setZsAvg(13.25);
        a.setO2Ref(6.0);
        a.setCoverageMin(1_440);
        a.setValid(true);
        a.setEmissionKg(0.125);
        a.setVolumeM3(4.5e6);
        a.setSource("MINUTE");
        a.setRevision(3);
        a.setReadings(14_400);
        return a;
    }

    static Aggregate sparse() {
        Aggregate a = new Aggregate();
        a.setMn("METER-7");
        a.setPollutant("e10001");
        a.setPeriod(AggregatePeriod.HOUR);
        a.setPeriodStart(-3_600_000L);
        a.setCoverageMin(0);
        a.setValid(false);
        a.setRevision(1);
        a.setReadings(0);
        return a;
    }

    static Aggregate roundTrip(Aggregate a) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        AggregateSerializer.INSTANCE.serialize(a, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        Aggregate back = AggregateSerializer.INSTANCE.deserialize(in);
        assertEquals(0, in.available(), "every byte written is read");
        return back;
    }

    @Test
    void everyFieldSurvivesTheRoundTripAndTheCopy() throws Exception {
        assertEquals(
                18,
                Aggregate.getClassSchema().getFields().size(),
                "a new field of the schema needs its place in AggregateSerializer");
        for (Aggregate a : new Aggregate[] {full(), sparse()}) {
            assertEquals(a, roundTrip(a));
            Aggregate c = AggregateSerializer.INSTANCE.copy(a);
            assertNotSame(a, c);
            assertEquals(a, c);
        }
        assertEquals(
                Double.doubleToLongBits(-0.0), Double.doubleToLongBits(roundTrip(full()).getMin()));
    }

    @Test
    void stateWrittenWithAvroRowsIsMigrated() {
        var avro = new AvroSerializer<>(Aggregate.class).snapshotConfiguration();
        assertTrue(
                AggregateSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(avro)
                        .isCompatibleAfterMigration());
        assertTrue(
                AggregateSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(
                                AggregateSerializer.INSTANCE.snapshotConfiguration())
                        .isCompatibleAsIs());
    }

    /** A router that holds rows of {@code type} until the reference is loaded. */
    static BroadcastOperatorTestHarness<Aggregate, SideInput, Aggregate> router(
            TypeInformation<Aggregate> type, OperatorSubtaskState restored) throws Exception {
        var h =
                new BroadcastOperatorTestHarness<>(
                        new CoBroadcastWithNonKeyedOperator<>(
                                new ReferenceRouter<Aggregate, Aggregate>(
                                        new ReferenceData(
                                                java.util.Map.of(),
                                                java.util.List.of(),
                                                java.util.List.of()),
                                        true,
                                        type,
                                        (a, devices, out) -> out.collect(a)),
                                java.util.List.of(ReferenceRouter.DEVICES, ReferenceRouter.LOADED)),
                        1,
                        1,
                        0);
        h.setup();
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    @Test
    void rowsHeldInASavepointAsAvroRestoreIntoTheCompactType() throws Exception {
        OperatorSubtaskState savepoint;
        try (var before = router(TypeInformation.of(Aggregate.class), null)) {
            before.processElement(full(), 0);
            before.processElement(sparse(), 0);
            assertEquals(java.util.List.of(), before.extractOutputValues(), "held until loaded");
            savepoint = before.snapshot(1, 1);
        }
        try (var after = router(AggregateSerializer.TYPE, savepoint)) {
            after.processBroadcastElement(SideInput.loaded(), 1);
            assertEquals(java.util.List.of(full(), sparse()), after.extractOutputValues());
        }
    }
}
