package org.cemsflow.exceedance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Limit;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;
import org.cemsflow.testkit.Clusters;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exceedance rules on a real Flink (CEP included), from hourly and daily means to alert
 * events. Each test reads like the rule it checks.
 */
class ExceedanceRulesTest {
    @RegisterExtension static final MiniClusterExtension FLINK = Clusters.withSlots(2);

    static final long T0 = LocalTimes.parseIso("2025-12-29T08:00:00+08:00");
    static final long H = LocalTimes.HOUR_MS;
    static final CemsflowSettings SETTINGS = CemsflowSettings.defaults();
    static final ReferenceData REF =
            new ReferenceData(
                    Map.of(
                            "STACK",
                                    Device.point(
                                            "STACK", "stack-1", "unit-1", "Plant", "air", 6.0, null,
                                            10),
                            "RAW",
                                    Device.point(
                                            "RAW", "stack-2", "unit-1", "Plant", "air", null, null,
                                            10),
                            "OUTFALL",
                                    Device.point(
                                            "OUTFALL",
                                            "outfall-1",
                                            "unit-2",
                                            "Works",
                                            "water",
                                            null,
                                            null,
                                            null)),
                    List.of(
                            new Limit("stack-1", "a21026", 35, "hour", null),
                            new Limit("stack-2", "a21026", 35, "hour", null),
                            new Limit("outfall-1", "w01018", 50, "day", null)));

    /** An hourly mean of SO2 at the stack with a corrected mean of {@code zs} (null: none). */
    static Aggregate hour(
            String mn, String point, int hourIndex, Double avg, Double zs, boolean valid) {
        Aggregate a = new Aggregate();
        a.setMn(mn);
        a.setPointId(point);
        a.setUnitId("unit-1");
        a.setPollutant("a21026");
        a.setPeriod(AggregatePeriod.HOUR);
        a.setPeriodStart(T0 + hourIndex * H);
        a.setAvg(avg);
        a.setZsAvg(zs);
        // as the aggregation sets it: the point's O2 reference on the codes it corrects
        a.setO2Ref(REF.device(mn).o2Ref);
        a.setCoverageMin(valid ? 60 : 30);
        a.setValid(valid);
        a.setRevision(1);
        return a;
    }

    static Aggregate over(int hourIndex) {
        return hour("STACK", "stack-1", hourIndex, 30.0, 40.0, true);
    }

    static Aggregate under(int hourIndex) {
        return hour("STACK", "stack-1", hourIndex, 30.0, 30.0, true);
    }

    static Aggregate day(String isoDay, double avg) {
        Aggregate a = new Aggregate();
        a.setMn("OUTFALL");
        a.setPointId("outfall-1");
        a.setUnitId("unit-2");
        a.setPollutant("w01018");
        a.setPeriod(AggregatePeriod.DAY);
        a.setPeriodStart(LocalTimes.parseIso(isoDay + "T00:00:00+08:00"));
        a.setAvg(avg);
        a.setCoverageMin(24 * 60);
        a.setValid(true);
        a.setRevision(1);
        return a;
    }

    static List<AlertEvent> run(
            List<Aggregate> hourly,
            List<Aggregate> daily,
            List<Mark> marks,
            List<SideInput> limitUpdates,
            ReferenceData ref)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<Aggregate> h = means(env, hourly);
        DataStream<Aggregate> d = means(env, daily);
        List<Mark> sortedMarks = new ArrayList<>(marks);
        sortedMarks.sort((a, b) -> Long.compare(a.markedAt, b.markedAt));
        sortedMarks.add(0, new Mark("none", 0, 1, "none", Long.MIN_VALUE + 1));
        DataStream<Mark> m =
                env.fromData(sortedMarks, TypeInformation.of(Mark.class))
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Mark>forMonotonousTimestamps()
                                        .withTimestampAssigner((x, ts) -> x.markedAt));
        List<SideInput> side = new ArrayList<>(limitUpdates);
        side.add(0, SideInput.loaded());
        DataStream<SideInput> limits =
                env.fromData(side, TypeInformation.of(SideInput.class))
                        .setParallelism(1)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<SideInput>forMonotonousTimestamps()
                                        .withTimestampAssigner((x, ts) -> Long.MIN_VALUE + 1));
        DataStream<AlertEvent> out =
                ExceedancePipeline.define(h, d, m, limits, SETTINGS, ref.limits(), false);
        List<AlertEvent> events = new ArrayList<>();
        try (CloseableIterator<AlertEvent> it = out.executeAndCollect()) {
            it.forEachRemaining(events::add);
        }
        events.sort(
                (a, b) ->
                        a.getAt() != b.getAt()
                                ? Long.compare(a.getAt(), b.getAt())
                                : Integer.compare(a.getSequence(), b.getSequence()));
        return events;
    }

    /** Means in event-time order as the aggregation emits them: at the end of their period. */
    static DataStream<Aggregate> means(StreamExecutionEnvironment env, List<Aggregate> rows) {
        List<Aggregate> sorted = new ArrayList<>(rows);
        if (sorted.isEmpty()) {
            return env.fromSequence(1, 1)
                    .filter(n -> false)
                    .map(n -> new Aggregate())
                    .returns(TypeInformation.of(Aggregate.class));
        }
        sorted.sort(
                (a, b) -> Long.compare(ExceedanceJudge.periodEnd(a), ExceedanceJudge.periodEnd(b)));
        return env.fromData(sorted, TypeInformation.of(Aggregate.class))
                .setParallelism(1)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Aggregate>forMonotonousTimestamps()
                                .withTimestampAssigner(
                                        (a, ts) -> ExceedanceJudge.periodEnd(a) - 1));
    }

    static List<AlertEvent> hourly(Aggregate... rows) throws Exception {
        return run(List.of(rows), List.of(), List.of(), List.of(), REF);
    }

    static List<Alert> opened(List<AlertEvent> events) {
        return events.stream()
                .filter(e -> e.getEvent() == AlertEventType.OPENED)
                .map(AlertEvent::getAlert)
                .collect(Collectors.toList());
    }

    @Test
    void threeConsecutiveExceedingHoursRaiseOneAlert() throws Exception {
        List<AlertEvent> events = hourly(under(0), over(1), over(2), over(3), under(4));
        List<Alert> alerts = opened(events);
        assertEquals(1, alerts.size(), events.toString());
        Alert a = alerts.get(0);
        assertEquals("EXCEEDANCE_3H", a.getType());
        assertEquals(T0 + H, a.getWindowStart());
        assertEquals(T0 + 4 * H, a.getWindowEnd());
        assertEquals(T0 + 4 * H, a.getDetectedAt(), "decided at the end of the third hour");
        assertEquals(T0 + 16 * H, a.getDeadline());
        assertEquals(40.0, a.getValue());
        assertEquals(35.0, a.getLimit());
        assertTrue(a.getEvidence().contains("\"o2_ref\":6"), a.getEvidence());
        assertEquals(
                1, events.size(), "no lifecycle events for a streak that ended as it was detected");
    }

    @Test
    void aMissingHourBreaksTheStreak() throws Exception {
        // 3 exceeding means, but 11:00 has no mean: the naive "three adjacent events" would match
        assertEquals(List.of(), hourly(over(0), over(1), over(3)));
        assertEquals(
                List.of(), hourly(over(0), over(1), over(3), over(4)), "2 + gap + 2 gives none");
    }

    @Test
    void fourConsecutiveHoursGiveOneCaseThatGrows() throws Exception {
        List<AlertEvent> events = hourly(over(0), over(1), over(2), over(3), under(4));
        assertEquals(1, opened(events).size());
        assertEquals(
                List.of(AlertEventType.OPENED, AlertEventType.UPDATED),
                events.stream().map(AlertEvent::getEvent).collect(Collectors.toList()));
        AlertEvent update = events.get(1);
        assertEquals(events.get(0).getAlertId(), update.getAlertId());
        assertEquals(T0 + 4 * H, update.getAlert().getWindowEnd());
        assertEquals(2, update.getSequence());
    }

    @Test
    void anInvalidOrUnderLimitMiddleHourBreaksTheStreak() throws Exception {
        assertEquals(
                List.of(),
                hourly(over(0), hour("STACK", "stack-1", 1, 30.0, 40.0, false), over(2), over(3)));
        assertEquals(List.of(), hourly(over(0), under(1), over(2), over(3)));
        // at the limit is not over it
        assertEquals(
                List.of(), hourly(over(0), hour("STACK", "stack-1", 1, 30.0, 35.0, true), over(2)));
    }

    @Test
    void measuredUnderButCorrectedOverIsAnExceedance() throws Exception {
        List<Alert> alerts =
                opened(
                        hourly(
                                hour("STACK", "stack-1", 0, 20.0, 36.0, true),
                                hour("STACK", "stack-1", 1, 20.0, 36.0, true),
                                hour("STACK", "stack-1", 2, 20.0, 36.0, true)));
        assertEquals(1, alerts.size());
        // a point without an O2 reference is judged on its measured mean
        assertEquals(
                List.of(),
                hourly(
                        hour("RAW", "stack-2", 0, 20.0, 36.0, true),
                        hour("RAW", "stack-2", 1, 20.0, 36.0, true),
                        hour("RAW", "stack-2", 2, 20.0, 36.0, true)));
    }

    @Test
    void aStoppedStackHasNoCorrectedMeanAndIsNoExceedance() throws Exception {
        assertEquals(
                List.of(),
                hourly(over(0), hour("STACK", "stack-1", 1, 80.0, null, true), over(2), over(3)));
    }

    @Test
    void theSameInputGivesTheSameIds() throws Exception {
        String a = hourly(over(0), over(1), over(2)).get(0).getAlertId();
        String b = hourly(under(5), over(0), over(1), over(2)).get(0).getAlertId();
        assertEquals(a, b);
    }

    @Test
    void waterDailyMeanOverTheLimitOnTheLocalDay() throws Exception {
        List<AlertEvent> events =
                run(
                        List.of(),
                        List.of(
                                day("2025-12-28", 40),
                                day("2025-12-29", 55),
                                day("2025-12-30", 60)),
                        List.of(),
                        List.of(),
                        REF);
        List<Alert> alerts = opened(events);
        assertEquals(2, alerts.size(), "each day over the limit is its own alert");
        Alert first = alerts.get(0);
        assertEquals("EXCEEDANCE_DAILY", first.getType());
        assertEquals("2025-12-29T00:00:00+08:00", LocalTimes.iso(first.getWindowStart()));
        assertEquals("2025-12-30T00:00:00+08:00", LocalTimes.iso(first.getWindowEnd()));
        assertEquals(first.getWindowEnd(), first.getDetectedAt());
    }

    @Test
    void aLimitLoweredMidStreamAppliesToLaterHoursOnly() throws Exception {
        // limit 35 until 12:00, then 25: 10:00 and 11:00 (30) are fine, from 12:00 (30 > 25) they
        // exceed
        List<Aggregate> rows = new ArrayList<>();
        for (int i = 2; i < 7; i++) {
            rows.add(hour("STACK", "stack-1", i, 30.0, 30.0, true));
        }
        Limit lower = new Limit("stack-1", "a21026", 25, "hour", T0 + 4 * H);
        List<AlertEvent> events =
                run(rows, List.of(), List.of(), List.of(SideInput.limit(lower)), REF);
        List<Alert> alerts = opened(events);
        assertEquals(1, alerts.size(), events.toString());
        assertEquals(T0 + 4 * H, alerts.get(0).getWindowStart());
        assertEquals(25.0, alerts.get(0).getLimit());
    }

    @Test
    void aMarkInTimeExcusesTheHourAndALateMarkDoesNot() throws Exception {
        List<Aggregate> rows = List.of(over(0), over(1), over(2));
        Mark inTime = new Mark("STACK", T0 + H, T0 + 2 * H, "maintenance", T0 + 2 * H + 11 * H);
        List<AlertEvent> events = run(rows, List.of(), List.of(inTime), List.of(), REF);
        // the mark came after the alert was raised: the case is retracted
        assertEquals(
                List.of(AlertEventType.OPENED, AlertEventType.RETRACTED),
                events.stream().map(AlertEvent::getEvent).collect(Collectors.toList()));
        Mark before = new Mark("STACK", T0 + H, T0 + 2 * H, "maintenance", T0);
        assertEquals(List.of(), run(rows, List.of(), List.of(before), List.of(), REF));
        Mark late = new Mark("STACK", T0 + H, T0 + 2 * H, "maintenance", T0 + 2 * H + 12 * H + 1);
        assertEquals(
                List.of(AlertEventType.OPENED),
                run(rows, List.of(), List.of(late), List.of(), REF).stream()
                        .map(AlertEvent::getEvent)
                        .collect(Collectors.toList()));
    }
}
