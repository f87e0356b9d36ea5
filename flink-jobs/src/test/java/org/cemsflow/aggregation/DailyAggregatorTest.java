package org.cemsflow.aggregation;

import static org.cemsflow.aggregation.Harness.at;
import static org.cemsflow.aggregation.Harness.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

class DailyAggregatorTest {
    static final long DAY = LocalTimes.parseIso("2025-12-29T00:00:00+08:00");
    static final long HOUR = LocalTimes.HOUR_MS;
    static final CemsflowSettings SETTINGS =
            CemsflowSettings.of(Map.of("aggregation.allowed-lateness", "PT2H"));

    final KeyedOneInputStreamOperatorTestHarness<String, Aggregate, Aggregate> h;

    DailyAggregatorTest() throws Exception {
        h = Harness.daily(new DailyAggregator(AggregationParams.of(SETTINGS)));
    }

    static Aggregate hour(
            String code, long start, Double avg, boolean valid, Double volume, int revision) {
        Aggregate a = new Aggregate();
        a.setMn("M");
        a.setPointId("p");
        a.setUnitId("u");
        a.setPollutant(code);
        a.setPeriod(AggregatePeriod.HOUR);
        a.setPeriodStart(start);
        a.setAvg(avg);
        a.setCoverageMin(valid ? 60 : 0);
        a.setValid(valid);
        a.setVolumeM3(volume);
        a.setEmissionKg(avg != null && volume != null && valid ? avg * volume * 1e-3 : null);
        a.setRevision(revision);
        return a;
    }

    void send(Aggregate a) throws Exception {
        h.processElement(at(a, a.getPeriodStart() + HOUR - 1));
    }

    @Test
    void dayBoundaryIsLocalMidnightNotUtc() throws Exception {
        // 23:00 local on the 28th and 00:00 local on the 29th (16:00 UTC on the 28th): two days
        send(hour("a21026", DAY - HOUR, 10.0, true, null, 1));
        send(hour("a21026", DAY, 30.0, true, null, 1));
        h.processWatermark(DAY + LocalTimes.DAY_MS - 1);
        List<Aggregate> rows = output(h);
        assertEquals(2, rows.size());
        assertEquals(DAY - LocalTimes.DAY_MS, rows.get(0).getPeriodStart());
        assertEquals(10.0, rows.get(0).getAvg());
        assertEquals(DAY, rows.get(1).getPeriodStart());
        assertEquals(30.0, rows.get(1).getAvg());
        assertEquals("2025-12-29T00:00:00+08:00", LocalTimes.iso(rows.get(1).getPeriodStart()));
    }

    @Test
    void airDailyIsValidWithTwentyValidHours() throws Exception {
        for (int i = 0; i < 24; i++) {
            send(hour("a21026", DAY + i * HOUR, (double) i, i < 20, null, 1));
            send(hour("a21002", DAY + i * HOUR, 5.0, i < 19, null, 1));
        }
        h.processWatermark(DAY + LocalTimes.DAY_MS - 1);
        Aggregate so2 = Harness.row(output(h), "a21026");
        assertTrue(so2.getValid());
        assertEquals(1200, so2.getCoverageMin());
        assertEquals(9.5, so2.getAvg(), 1e-9);
        assertEquals(0.0, so2.getMin());
        assertEquals(19.0, so2.getMax());
        assertFalse(Harness.row(output(h), "a21002").getValid());
    }

    @Test
    void waterConcentrationsAreFlowWeightedButPhIsNot() throws Exception {
        send(hour("w01018", DAY, 10.0, true, 100.0, 1));
        send(hour("w01018", DAY + HOUR, 40.0, true, 300.0, 1));
        send(hour("w01001", DAY, 7.0, true, 100.0, 1));
        send(hour("w01001", DAY + HOUR, 8.0, true, 300.0, 1));
        send(hour("w21003", DAY, 1.0, true, null, 1));
        send(hour("w21003", DAY + HOUR, 2.0, true, null, 1));
        h.processWatermark(DAY + LocalTimes.DAY_MS - 1);
        List<Aggregate> rows = output(h);
        Aggregate cod = Harness.row(rows, "w01018");
        assertEquals((10 * 100 + 40 * 300) / 400.0, cod.getAvg(), 1e-9);
        assertEquals(400.0, cod.getVolumeM3(), 1e-9);
        assertEquals(10 * 100 * 1e-3 + 40 * 300 * 1e-3, cod.getEmissionKg(), 1e-12);
        assertEquals(7.5, Harness.row(rows, "w01001").getAvg(), 1e-9, "pH is never weighted");
        assertEquals(
                1.5,
                Harness.row(rows, "w21003").getAvg(),
                1e-9,
                "plain mean where no hour has a volume");
    }

    @Test
    void aCorrectedHourReplacesTheEarlierOneNeverAddsIt() throws Exception {
        send(hour("w01018", DAY, 10.0, true, 100.0, 1));
        h.processWatermark(DAY + LocalTimes.DAY_MS - 1);
        assertEquals(1, output(h).size());
        send(hour("w01018", DAY, 20.0, true, 100.0, 2));
        List<Aggregate> rows = output(h);
        assertEquals(2, rows.size());
        Aggregate corrected = rows.get(1);
        assertEquals(2, corrected.getRevision());
        assertEquals(20.0, corrected.getAvg());
        assertEquals(100.0, corrected.getVolumeM3(), "the hour's volume counts once");
    }

    @Test
    void stateIsClearedAfterTheLateness() throws Exception {
        send(hour("a21026", DAY, 10.0, true, null, 1));
        assertEquals(2, h.numEventTimeTimers());
        h.processWatermark(DAY + LocalTimes.DAY_MS - 1 + 2 * HOUR);
        assertEquals(0, h.numEventTimeTimers());
        Harnesses.assertStateGone(h, "every key's state is cleaned up");
    }

    @Test
    void aDaysReadingsNeverExceedTheFinalOnesWhileAnHoursRowsArriveOneByOne() {
        DayBucket day = new DayBucket();
        for (String code : List.of("w01018", "w00000")) {
            Aggregate a = hour(code, DAY, 40.0, true, 10.0, 1);
            a.setReadings(4);
            day.put(a);
            Aggregate b = hour(code, DAY + HOUR, 40.0, true, 10.0, 1);
            b.setReadings(6);
            day.put(b);
        }
        assertEquals(10, DailyMeanAggregate.readings(day), "per hour once, not once per code");
        Aggregate corrected = hour("w01018", DAY, 50.0, true, 10.0, 2);
        corrected.setReadings(8);
        day.put(corrected);
        assertEquals(
                14,
                DailyMeanAggregate.readings(day),
                "one code of the corrected hour in: already the final count");
        Aggregate flow = hour("w00000", DAY, 50.0, true, 12.0, 2);
        flow.setReadings(8);
        day.put(flow);
        assertEquals(14, DailyMeanAggregate.readings(day));
    }
}
