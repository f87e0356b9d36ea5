package org.cemsflow.aggregation;

import static org.cemsflow.aggregation.Harness.at;
import static org.cemsflow.aggregation.Harness.output;
import static org.cemsflow.aggregation.Harness.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.Aggregate;
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

class HourlyAggregatorTest {
    static final long H = LocalTimes.parseIso("2025-12-29T10:00:00+08:00");
    static final long MIN = 60_000;
    static final CemsflowSettings SETTINGS =
            CemsflowSettings.of(Map.of("aggregation.allowed-lateness", "PT2H"));
    static final ReferenceData REF =
            new ReferenceData(
                    Map.of(
                            "AIR",
                                    Device.point(
                                            "AIR", "stack-1", "unit-1", "Plant", "air", 6.0, null,
                                            10),
                            "WATER",
                                    Device.point(
                                            "WATER",
                                            "outfall-1",
                                            "unit-2",
                                            "Works",
                                            "water",
                                            null,
                                            null,
                                            null)));

    KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, Aggregate> h;

    HourlyAggregatorTest() throws Exception {
        h = Harness.hourly(new HourlyAggregator(AggregationParams.of(SETTINGS)));
    }

    /** A reading as the ingestion gate passes it on: with what the reference knows of its device. */
    static Reading reading(
            String mn, RecordKind kind, String code, long t, double value, String flag) {
        Reading r = Harness.reading(mn, kind, code, t, value, flag);
        DeviceLookup.enrich(r, REF.device(mn));
        return r;
    }

    void minute(String mn, String code, long t, double v, String flag) throws Exception {
        h.processElement(at(reading(mn, RecordKind.MINUTE, code, t, v, flag), t));
    }

    @Test
    void coverageCountsMinutesNotRecords() throws Exception {
        // 10-minute data: 5 valid records cover 50 minutes (valid); 4 valid + 1 maintenance cover
        // 40 (invalid)
        for (int i = 0; i < 5; i++) {
            minute("AIR", "a21026", H + i * 10 * MIN, 10 + i, "N");
            minute("AIR", "a21002", H + i * 10 * MIN, 20, i == 4 ? "M" : "N");
        }
        h.processWatermark(H + LocalTimes.HOUR_MS - 1);
        List<Aggregate> rows = output(h);
        Aggregate so2 = row(rows, "a21026");
        assertEquals(50, so2.getCoverageMin());
        assertTrue(so2.getValid());
        assertEquals(12.0, so2.getAvg());
        assertEquals(10.0, so2.getMin());
        assertEquals(14.0, so2.getMax());
        assertEquals("MINUTE", so2.getSource());
        assertEquals(H, so2.getPeriodStart());
        assertEquals("stack-1", so2.getPointId());
        Aggregate nox = row(rows, "a21002");
        assertEquals(40, nox.getCoverageMin());
        assertFalse(nox.getValid());
        assertEquals(
                20.0,
                nox.getAvg(),
                "the mean is over the valid values even when the hour is not valid");
    }

    @Test
    void realtimeCoverageIsDistinctMinutesAndMinuteDataWins() throws Exception {
        for (int m = 0; m < 50; m++) {
            h.processElement(
                    at(
                            reading("WATER", RecordKind.REALTIME, "w01018", H + m * MIN, 40, "N"),
                            H + m * MIN));
            h.processElement(
                    at(
                            reading(
                                    "WATER",
                                    RecordKind.REALTIME,
                                    "w01018",
                                    H + m * MIN + 30_000,
                                    42,
                                    "N"),
                            H + m * MIN));
            h.processElement(
                    at(
                            reading("WATER", RecordKind.REALTIME, "w21003", H + m * MIN, 3, "N"),
                            H + m * MIN));
        }
        // one invalid minute record makes the minute record the source of w21003, valid or not
        minute("WATER", "w21003", H, 2.0, "D");
        h.processWatermark(H + LocalTimes.HOUR_MS - 1);
        List<Aggregate> rows = output(h);
        Aggregate cod = row(rows, "w01018");
        assertEquals(50, cod.getCoverageMin());
        assertEquals(41.0, cod.getAvg(), 1e-9);
        assertEquals("REALTIME", cod.getSource());
        Aggregate nh3 = row(rows, "w21003");
        assertEquals("MINUTE", nh3.getSource());
        assertEquals(0, nh3.getCoverageMin());
        assertNull(nh3.getAvg());
        assertFalse(nh3.getValid());
    }

    @Test
    void hourlyRecordCoversTheHourWhenValid() throws Exception {
        h.processElement(at(reading("AIR", RecordKind.HOUR, "a34013", H, 7.5, "N"), H));
        h.processElement(at(reading("AIR", RecordKind.HOUR, "a21026", H, 7.5, "F"), H));
        h.processWatermark(H + LocalTimes.HOUR_MS - 1);
        assertEquals(60, row(output(h), "a34013").getCoverageMin());
        assertEquals(0, row(output(h), "a21026").getCoverageMin());
    }

    @Test
    void oxygenCorrectionUsesTheValidHourlyO2AndStopsNearAmbient() throws Exception {
        for (int i = 0; i < 6; i++) {
            minute("AIR", "a21026", H + i * 10 * MIN, 30, "N");
            minute("AIR", "a19001", H + i * 10 * MIN, 11, "N");
            minute("AIR", "a21026", H + LocalTimes.HOUR_MS + i * 10 * MIN, 30, "N");
            minute("AIR", "a19001", H + LocalTimes.HOUR_MS + i * 10 * MIN, 19.5, "N");
        }
        h.processWatermark(H + 2 * LocalTimes.HOUR_MS - 1);
        List<Aggregate> rows = output(h);
        Aggregate first =
                rows.stream()
                        .filter(a -> a.getPollutant().equals("a21026") && a.getPeriodStart() == H)
                        .findFirst()
                        .orElseThrow();
        assertEquals(30.0 * (21 - 6) / (21 - 11), first.getZsAvg(), 1e-9);
        assertNull(row(rows, "a19001").getZsAvg(), "O2 itself is never corrected");
        Aggregate second = row(rows, "a21026");
        assertEquals(H + LocalTimes.HOUR_MS, second.getPeriodStart());
        assertNull(second.getZsAvg(), "O2 19.5 % >= 19.0: stack stopped, no corrected mean");
    }

    @Test
    void volumeAndMassFromTheHoursValidFlowAndMeasuredMean() throws Exception {
        for (int i = 0; i < 6; i++) {
            minute("AIR", "a00000", H + i * 10 * MIN, 10, "N"); // m3/s
            minute("AIR", "a21026", H + i * 10 * MIN, 50, "N"); // mg/m3
            minute("AIR", "a19001", H + i * 10 * MIN, 11, "N");
            minute("AIR", "a01012", H + i * 10 * MIN, 120, "N"); // temperature: no volume, no mass
            h.processElement(
                    at(
                            reading(
                                    "WATER",
                                    RecordKind.REALTIME,
                                    "w00000",
                                    H + i * 10 * MIN,
                                    2,
                                    "N"),
                            H));
            h.processElement(
                    at(
                            reading(
                                    "WATER",
                                    RecordKind.REALTIME,
                                    "w01018",
                                    H + i * 10 * MIN,
                                    40,
                                    "N"),
                            H));
        }
        h.processWatermark(H + LocalTimes.HOUR_MS - 1);
        List<Aggregate> rows = output(h);
        Aggregate flow = row(rows, "a00000");
        assertEquals(36_000.0, flow.getVolumeM3(), 1e-9);
        assertNull(flow.getEmissionKg());
        Aggregate so2 = row(rows, "a21026");
        assertEquals(36_000.0, so2.getVolumeM3(), 1e-9);
        assertEquals(
                50 * 36_000 * 1e-6,
                so2.getEmissionKg(),
                1e-12,
                "measured mean, never the corrected one");
        assertNull(row(rows, "a01012").getVolumeM3());
        // water: real-time, 6 minutes covered -> not valid: volume needs a valid flow hour
        assertNull(row(rows, "w01018").getVolumeM3());
        assertNull(row(rows, "w01018").getEmissionKg());
    }

    @Test
    void waterMassUsesLitresPerSecond() throws Exception {
        for (int m = 0; m < 60; m++) {
            h.processElement(
                    at(reading("WATER", RecordKind.REALTIME, "w00000", H + m * MIN, 2, "N"), H));
            h.processElement(
                    at(reading("WATER", RecordKind.REALTIME, "w01018", H + m * MIN, 40, "N"), H));
        }
        h.processWatermark(H + LocalTimes.HOUR_MS - 1);
        List<Aggregate> rows = output(h);
        assertEquals(7.2, row(rows, "w00000").getVolumeM3(), 1e-9);
        assertEquals(40 * 7.2 * 1e-3, row(rows, "w01018").getEmissionKg(), 1e-12);
    }

    @Test
    void lateReadingWithinLatenessReEmitsTheHourAndLaterOnesAreDeadLetters() throws Exception {
        for (int i = 0; i < 5; i++) {
            minute("AIR", "a21026", H + i * 10 * MIN, 10, "N");
        }
        h.processWatermark(H + LocalTimes.HOUR_MS - 1);
        Aggregate first = row(output(h), "a21026");
        assertEquals(1, first.getRevision());
        assertEquals(10.0, first.getAvg());
        h.processWatermark(H + LocalTimes.HOUR_MS + 30 * MIN);
        minute("AIR", "a21026", H + 50 * MIN, 40, "N");
        assertEquals(1, output(h).size(), "a late reading waits for the watermark to move");
        h.processWatermark(H + LocalTimes.HOUR_MS + 31 * MIN);
        Aggregate corrected = row(output(h), "a21026");
        assertEquals(2, corrected.getRevision());
        assertEquals(15.0, corrected.getAvg());
        assertEquals(60, corrected.getCoverageMin());
        // past the allowed lateness (2 h after the hour's end): the hour is gone, the reading is
        // late
        h.processWatermark(H + 3 * LocalTimes.HOUR_MS);
        minute("AIR", "a21026", H + 55 * MIN, 99, "N");
        assertEquals(1, h.getSideOutput(HourlyAggregator.LATE).size());
        assertEquals(2, output(h).size());
    }

    @Test
    void lateReadingsBeforeTheNextWatermarkMakeOneRevision() throws Exception {
        minute("AIR", "a21026", H, 10, "N");
        minute("AIR", "a21002", H, 20, "N");
        h.processWatermark(H + LocalTimes.HOUR_MS - 1);
        assertEquals(2, output(h).size());
        h.processWatermark(H + LocalTimes.HOUR_MS + 10 * MIN);
        for (int i = 1; i < 6; i++) {
            minute("AIR", "a21026", H + i * 10 * MIN, 10, "N");
            minute("AIR", "a21002", H + i * 10 * MIN, 20, "N");
        }
        h.processWatermark(H + LocalTimes.HOUR_MS + 11 * MIN);
        List<Aggregate> rows = output(h);
        assertEquals(4, rows.size(), "ten late readings: one revision of the hour's two rows");
        assertEquals(2, rows.get(2).getRevision());
        assertEquals(2, rows.get(3).getRevision());
        assertEquals(60, row(rows, "a21002").getCoverageMin());
    }

    @Test
    void readingsOrderRowsByCompletenessWhateverTheBatching() throws Exception {
        // the same late readings in one batch and in five: the revisions differ, the readings (the
        // rows' version in ClickHouse) do not, and no earlier row of either run outranks the last
        HourlyAggregatorTest oneBatch = new HourlyAggregatorTest();
        HourlyAggregatorTest fiveBatches = new HourlyAggregatorTest();
        for (HourlyAggregatorTest t : List.of(oneBatch, fiveBatches)) {
            t.minute("AIR", "a21026", H, 10, "N");
            t.minute("AIR", "a21002", H, 20, "N");
            t.h.processWatermark(H + LocalTimes.HOUR_MS - 1);
            t.h.processWatermark(H + LocalTimes.HOUR_MS + 10 * MIN);
        }
        for (int i = 1; i < 6; i++) {
            for (HourlyAggregatorTest t : List.of(oneBatch, fiveBatches)) {
                t.minute("AIR", "a21026", H + i * 10 * MIN, 10 + i, "N");
                t.minute("AIR", "a21002", H + i * 10 * MIN, 20, "N");
            }
            fiveBatches.h.processWatermark(H + LocalTimes.HOUR_MS + (10 + i) * MIN);
        }
        oneBatch.h.processWatermark(H + LocalTimes.HOUR_MS + 20 * MIN);
        List<Aggregate> one = output(oneBatch.h);
        List<Aggregate> five = output(fiveBatches.h);
        Aggregate lastOne = row(one.subList(one.size() - 2, one.size()), "a21026");
        Aggregate lastFive = row(five.subList(five.size() - 2, five.size()), "a21026");
        assertEquals(2, lastOne.getRevision());
        assertEquals(6, lastFive.getRevision());
        assertEquals(12, lastOne.getReadings(), "six minutes of two codes");
        assertEquals(12, lastFive.getReadings());
        assertEquals(lastOne.getAvg(), lastFive.getAvg());
        for (Aggregate a : five) {
            if (a.getRevision() < 6) {
                assertTrue(a.getReadings() < 12, "an intermediate row has fewer readings: " + a);
            }
        }
    }

    @Test
    void stateIsClearedAfterTheLateness() throws Exception {
        minute("AIR", "a21026", H, 10, "N");
        h.processElement(at(reading("WATER", RecordKind.REALTIME, "w01018", H, 40, "N"), H));
        assertTrue(h.numKeyedStateEntries() > 0);
        assertEquals(2, h.numEventTimeTimers(), "a device's hour: one for its four instants");
        h.processWatermark(H + LocalTimes.HOUR_MS - 1 + 2 * LocalTimes.HOUR_MS);
        assertEquals(0, h.numEventTimeTimers());
        Harnesses.assertStateGone(h, "every key's state is cleaned up");
    }

    @Test
    void stateTypesArePojosNotKryo() {
        Harnesses.assertPojo(
                HourBucket.class,
                CodeHourAcc.class,
                KindAcc.class,
                DayBucket.class,
                HourEntry.class);
        assertFalse(TypeInformation.of(DayBucket.class).toString().contains("GenericType"));
    }

    /**
     * An upload's readings are taken one after another as if each came alone: the same rows, the
     * same late readings, the same state, whether the readings of an instant come as one upload
     * or one by one (a late correction, a second hour and a late reading among them).
     */
    @Test
    void anUploadIsItsReadingsOneByOne() throws Exception {
        var whole = Harness.hourly(new HourlyAggregator(AggregationParams.of(SETTINGS)));
        var single = Harness.hourly(new HourlyAggregator(AggregationParams.of(SETTINGS)));
        // after the watermark passes the first hour, H + 30 min corrects it; H + 70 min is the next
        long[] times = {H, H + 10 * MIN, H + 20 * MIN, H + 30 * MIN, H + 70 * MIN};
        for (long t : times) {
            DecodedFrame upload = new DecodedFrame();
            upload.mn = "AIR";
            for (String code : List.of("a21026", "a21002", "a34013", "a01011")) {
                Reading r = reading("AIR", RecordKind.MINUTE, code, t, t % 7 + code.length(), "N");
                upload.readings.add(r);
                single.processElement(at(r, t));
            }
            whole.processElement(new StreamRecord<>(upload, t));
            if (t == H + 20 * MIN) {
                whole.processWatermark(H + LocalTimes.HOUR_MS);
                single.processWatermark(H + LocalTimes.HOUR_MS);
            }
        }
        // a reading of an hour beyond the allowed lateness among readings of the current one
        DecodedFrame mixed = new DecodedFrame();
        mixed.mn = "AIR";
        mixed.readings.add(
                reading("AIR", RecordKind.MINUTE, "a21026", H - 30 * LocalTimes.HOUR_MS, 1, "N"));
        mixed.readings.add(reading("AIR", RecordKind.MINUTE, "a21026", H + 80 * MIN, 2, "N"));
        whole.processElement(new StreamRecord<>(mixed, H + 80 * MIN));
        for (Reading r : mixed.readings) {
            single.processElement(at(r, H + 80 * MIN));
        }
        whole.processWatermark(H + 3 * LocalTimes.HOUR_MS);
        single.processWatermark(H + 3 * LocalTimes.HOUR_MS);
        assertEquals(output(single), output(whole));
        assertEquals(
                new java.util.ArrayList<>(single.getSideOutput(HourlyAggregator.LATE)).toString(),
                new java.util.ArrayList<>(whole.getSideOutput(HourlyAggregator.LATE)).toString());
        assertEquals(1, whole.getSideOutput(HourlyAggregator.LATE).size());
        assertTrue(output(whole).stream().anyMatch(a -> a.getRevision() == 2), "a correction");
        assertEquals(single.numKeyedStateEntries(), whole.numKeyedStateEntries());
        assertEquals(single.numEventTimeTimers(), whole.numEventTimeTimers());
    }
}
