package org.cemsflow.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/** A device's day of data quality: every counter, emitted when the day is over, state gone after the lateness. */
class DataQualityAggregatorTest {
    static final long DAY = LocalTimes.parseIso("2026-03-01T00:00:00+08:00");

    @Test
    void countsFramesHeartbeatsBackFillsAndRejectionsOfTheDay() throws Exception {
        var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new DataQualityAggregator(Duration.ofHours(6)),
                        (QualityEvent e) -> e.mn,
                        org.apache.flink.api.common.typeinfo.Types.STRING);
        for (QualityEvent e :
                List.of(
                        QualityEvent.frame("M", DAY + 60_000, 3, false),
                        QualityEvent.frame("M", DAY + 120_000, 3, true),
                        QualityEvent.heartbeat("M", DAY + 30_000),
                        QualityEvent.heartbeat("M", DAY + 90_000),
                        QualityEvent.rejected("M", DAY + 10_000, "NO_KEY"),
                        QualityEvent.rejected("M", DAY + 10_000, "INCOMPLETE"),
                        QualityEvent.rejected("M", DAY + 10_000, "INCOMPLETE"),
                        QualityEvent.hour("M", DAY, true))) {
            h.processElement(new StreamRecord<>(e, e.time));
        }
        h.processWatermark(DAY + LocalTimes.DAY_MS);
        DataQuality q = h.extractOutputValues().get(0);
        assertEquals("2026-03-01", q.day);
        assertEquals(2, q.frames);
        assertEquals(6, q.readings);
        assertEquals(1, q.backfilledFrames);
        assertEquals(2, q.heartbeats);
        assertEquals(1, q.rejectedNoKey);
        assertEquals(2, q.rejectedIncomplete);
        assertEquals(1, q.validHours);
        assertEquals(2 + 6 + 1 + 2 + 1 + 2 + 1, q.version(), "the version sums every counter");
        h.processWatermark(DAY + LocalTimes.DAY_MS + Duration.ofHours(6).toMillis());
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(
                0,
                ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                                ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<
                                                        ?>)
                                                h.getOperator())
                                        .getKeyedStateBackend())
                        .numKeyValueStateEntries(),
                "the day's state is gone after the lateness");
        Harnesses.assertPojo(DataQuality.class);
        Harnesses.assertPojo(QualityEvent.class);
        h.close();
    }

    /**
     * Every kind of event the pipeline makes, and one of each flag, back through the compact
     * serializer of the stream to the aggregator and through its copy.
     */
    @Test
    void everyQualityEventSurvivesItsSerializerAndCopy() throws Exception {
        long t = LocalTimes.parseIso("2026-04-06T10:15:00+08:00");
        QualityEvent bare = new QualityEvent();
        QualityEvent both = QualityEvent.frame("MN-天津", -1, 12, true);
        both.valid = true;
        both.reason = "BAD_CRC";
        for (QualityEvent e :
                List.of(
                        QualityEvent.frame("STACK", t, 9, false),
                        QualityEvent.frame("STACK", t, 0, true),
                        QualityEvent.heartbeat("STACK", t),
                        QualityEvent.rejected("STACK", t, "LATE"),
                        QualityEvent.hour("STACK", t, true),
                        QualityEvent.hour("STACK", t, false),
                        QualityEvent.rejected(null, Long.MIN_VALUE, null),
                        bare,
                        both)) {
            String fields =
                    org.cemsflow.testkit.SerializerChecks.fields(
                            e, String::valueOf, java.util.Set.of(QualityEvent.class));
            QualityEvent back =
                    org.cemsflow.testkit.SerializerChecks.roundTrip(
                            org.cemsflow.ingestion.QualityEventSerializer.INSTANCE, e);
            assertEquals(
                    fields,
                    org.cemsflow.testkit.SerializerChecks.fields(
                            back, String::valueOf, java.util.Set.of(QualityEvent.class)));
            QualityEvent copy = org.cemsflow.ingestion.QualityEventSerializer.INSTANCE.copy(e);
            org.junit.jupiter.api.Assertions.assertNotSame(e, copy);
            assertEquals(
                    fields,
                    org.cemsflow.testkit.SerializerChecks.fields(
                            copy, String::valueOf, java.util.Set.of(QualityEvent.class)));
        }
    }
}
