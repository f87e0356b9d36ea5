package org.cemsflow.quota;

import static org.cemsflow.testkit.SerializerChecks.assertMigratesFrom;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.cemsflow.testkit.SerializerChecks.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.reference.Mark;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.testkit.SerializerChecks;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * The gap filler's inputs in state: every kind reads back bit for bit in a third of the POJO
 * serializer's bytes or less, and a gap filler restored from state the POJO serializer wrote goes
 * on exactly as one that never stopped.
 */
class QuotaInputSerializerTest {
    static final long H = LocalTimes.HOUR_MS;
    static final long T0 = LocalTimes.parseIso("2025-06-01T00:00:00+08:00");
    static final TypeSerializer<QuotaInput> COMPACT =
            QuotaInputTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());
    static final TypeInformation<QuotaInput> POJO_TYPE = TypeInformation.of(QuotaInput.class);
    static final TypeSerializer<QuotaInput> POJO =
            POJO_TYPE.createSerializer(new SerializerConfigImpl());

    /** Every public field, nested POJOs' field by field, the row's too, doubles by their bits. */
    static String fields(Object o) throws Exception {
        return SerializerChecks.fields(
                o,
                QuotaInputSerializerTest::leaf,
                Set.of(QuotaInput.class, Mark.class, Substitute.class));
    }

    static String leaf(Object o) {
        if (o instanceof Double d) {
            return Long.toHexString(Double.doubleToRawLongBits(d));
        }
        if (o instanceof Aggregate a) {
            StringBuilder b = new StringBuilder("Aggregate{");
            for (int i = 0; i < a.getSchema().getFields().size(); i++) {
                b.append(leaf(a.get(i))).append(',');
            }
            return b.append('}').toString();
        }
        return String.valueOf(o);
    }

    static Aggregate hour(String mn, String point, String unit, long start, Double kg) {
        Aggregate a = new Aggregate();
        a.setMn(mn);
        a.setPointId(point);
        a.setUnitId(unit);
        a.setPollutant("a21026");
        a.setPeriod(AggregatePeriod.HOUR);
        a.setPeriodStart(start);
        a.setCoverageMin(kg == null ? 0 : 60);
        a.setValid(kg != null);
        a.setEmissionKg(kg);
        a.setRevision(1);
        a.setReadings(kg == null ? 0 : 60);
        return a;
    }

    static List<QuotaInput> everyKind() {
        List<QuotaInput> all = new ArrayList<>();
        for (Double kg : new Double[] {null, 12.345, 0.1 + 0.2, -0.0, Double.NaN, 1e300, 1e-4}) {
            all.add(QuotaInput.mean(hour("STACK-天津", "stack-1", "unit-1", T0, kg)));
        }
        all.add(QuotaInput.mean(hour("STACK", null, "unit-1", T0 + 5 * H, 1.5)));
        all.add(QuotaInput.mean(hour("STACK", "stack-1", null, T0, 1.5))); // no unit at all
        QuotaInput own = QuotaInput.mean(hour("STACK", "stack-1", "unit-2", T0, 1.5));
        own.unitId = "unit-1"; // a mean of another unit than its input's
        all.add(own);
        Aggregate day = hour("STACK", "stack-1", "unit-1", T0 + 1234, 2.0); // not a whole hour
        day.setPeriod(AggregatePeriod.DAY);
        day.setRevision(7);
        QuotaInput odd = QuotaInput.mean(day);
        odd.time = T0 - 5; // not the end of its hour, before the hour even
        all.add(odd);
        Aggregate full = hour("STACK", "stack-1", "unit-1", T0, 3.0);
        full.setAvg(40.5);
        full.setSource("corrected");
        all.add(QuotaInput.mean(full)); // more than a waiting mean keeps: written whole
        all.add(QuotaInput.meter("unit-1", T0, true));
        all.add(QuotaInput.meter("unit-1", T0 - 3 * H, false));
        QuotaInput meterOff = QuotaInput.meter("unit-1", T0, true);
        meterOff.time = T0 + 17;
        all.add(meterOff);
        all.add(QuotaInput.mark("unit-1", new Mark("STACK", T0, T0 + 3 * H, "shutdown", T0 + H)));
        Substitute s = new Substitute();
        s.mn = "STACK";
        s.pointId = "stack-1";
        s.pollutant = "a21026";
        s.from = T0;
        s.to = T0 + 4 * H;
        s.kgPerHour = 2.5;
        s.unitId = "unit-1";
        all.add(QuotaInput.substitute("unit-1", s));
        all.add(new QuotaInput()); // nothing set
        return all;
    }

    @Test
    void everyKindReadsBackBitForBitAndACopyIsDeep() throws Exception {
        for (QuotaInput q : everyKind()) {
            assertEquals(fields(q), fields(roundTrip(COMPACT, q)));
            QuotaInput copy = COMPACT.copy(q);
            assertEquals(fields(q), fields(copy));
            assertNotSame(q, copy);
            if (q.mean != null) {
                assertNotSame(q.mean, copy.mean);
            }
        }
        assertMigratesFrom(COMPACT, POJO);
    }

    @Test
    void aWaitingMeanTakesAThirdOfThePojoBytesOrLess() throws Exception {
        QuotaInput q = QuotaInput.mean(hour("88888880000001", "stack-1", "unit-1", T0, 12.345));
        int compact = bytes(COMPACT, q).length;
        int pojo = bytes(POJO, q).length;
        assertTrue(3 * compact <= pojo, compact + " bytes against " + pojo);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, QuotaInput, HourMass> filler(
            TypeInformation<QuotaInput> stateType) throws Exception {
        return Harnesses.keyed(
                new GapFiller(QuotaParams.of(CemsflowSettings.defaults()), stateType),
                (QuotaInput q) -> q.unitId);
    }

    /** Two days of two stacks' hours with gaps, arriving up to 3 hours late, the watermark 4 behind. */
    static List<StreamRecord<QuotaInput>> stream(long seed) {
        Random rnd = new Random(seed);
        List<StreamRecord<QuotaInput>> out = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            for (String mn : List.of("STACK-1", "STACK-2")) {
                boolean silent = (i / 5) % 3 == 1 && mn.endsWith("1") || rnd.nextInt(8) == 0;
                if (silent) {
                    continue;
                }
                Double kg = rnd.nextInt(6) == 0 ? null : 1 + rnd.nextInt(5000) / 1000.0;
                QuotaInput q = QuotaInput.mean(hour(mn, "point-" + mn, "unit-1", T0 + i * H, kg));
                out.add(new StreamRecord<>(q, q.time));
            }
            out.add(new StreamRecord<>(null, T0 + (i - 4) * H)); // a watermark
        }
        out.add(new StreamRecord<>(null, Long.MAX_VALUE));
        return out;
    }

    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, QuotaInput, HourMass> h,
            List<StreamRecord<QuotaInput>> records)
            throws Exception {
        for (StreamRecord<QuotaInput> r : records) {
            if (r.getValue() == null) {
                h.processWatermark(r.getTimestamp());
            } else {
                h.processElement(new StreamRecord<>(COMPACT.copy(r.getValue()), r.getTimestamp()));
            }
        }
    }

    static List<String> masses(KeyedOneInputStreamOperatorTestHarness<?, ?, HourMass> h)
            throws Exception {
        List<String> out = new ArrayList<>();
        for (HourMass m : Harnesses.values(h)) {
            StringBuilder b = new StringBuilder();
            for (Field f : HourMass.class.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    b.append(f.getName()).append('=').append(f.get(m)).append(',');
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void aGapFillerRestoredFromPojoStateGoesOnAsIfNeverStopped() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            List<StreamRecord<QuotaInput>> s = stream(seed);
            var whole = filler(QuotaInputTypeInfo.INSTANCE);
            whole.open();
            feed(whole, s);

            int half = s.size() / 2;
            var before = filler(POJO_TYPE);
            before.open();
            feed(before, s.subList(0, half));
            assertTrue(before.numEventTimeTimers() > 0, "means wait at the snapshot");
            OperatorSubtaskState state = before.snapshot(1, 1);
            List<String> got = new ArrayList<>(masses(before));
            before.close();
            var after = filler(QuotaInputTypeInfo.INSTANCE);
            after.initializeState(state);
            after.open();
            feed(after, s.subList(half, s.size()));
            got.addAll(masses(after));
            assertEquals(masses(whole), got, "seed " + seed);
            assertTrue(got.stream().anyMatch(m -> !m.contains("method=,")), "gaps were filled");
        }
    }
}
