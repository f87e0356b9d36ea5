package org.cemsflow.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.junit.jupiter.api.Test;

/**
 * An hour's row comes from its minute records when it has any, else its hourly record, else its
 * real-time records, in whatever order they arrive; what a kind that no longer counts gathered is
 * not kept.
 */
class HourlyMeanAggregateTest {
    static final HourlyMeanAggregate RULE =
            new HourlyMeanAggregate(AggregationParams.of(HourlyAggregatorTest.SETTINGS));
    static final long H = HourlyAggregatorTest.H;
    static final long MIN = HourlyAggregatorTest.MIN;

    static List<Reading> hour(boolean minutes, boolean hourly) {
        List<Reading> all = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            all.add(read(RecordKind.REALTIME, H + m * MIN, 40 + m % 7, m == 3 ? "D" : "N"));
            if (minutes && m % 10 == 0) {
                all.add(read(RecordKind.MINUTE, H + m * MIN, 30 + m / 10, "N"));
            }
        }
        if (hourly) {
            all.add(read(RecordKind.HOUR, H, 35.5, "N"));
        }
        return all;
    }

    static Reading read(RecordKind kind, long t, double v, String flag) {
        return HourlyAggregatorTest.reading("AIR", kind, "a21026", t, v, flag);
    }

    static HourBucket bucket(List<Reading> readings) {
        HourBucket b = new HourBucket();
        for (Reading r : readings) {
            RULE.add(b, r);
        }
        return b;
    }

    static String row(HourBucket b) {
        return RULE.rows("AIR", H, b, 10).toString();
    }

    @Test
    void theRowIsTheFirstKindPresentsInAnyOrderOfArrival() {
        Random rnd = new Random(3);
        for (boolean minutes : new boolean[] {false, true}) {
            for (boolean hourly : new boolean[] {false, true}) {
                List<Reading> readings = hour(minutes, hourly);
                String inOrder = row(bucket(readings));
                String source = minutes ? "MINUTE" : hourly ? "HOUR" : "REALTIME";
                assertTrue(inOrder.contains("\"source\": \"" + source + "\""), inOrder);
                for (int i = 0; i < 5; i++) {
                    Collections.shuffle(readings, rnd);
                    assertEquals(inOrder, row(bucket(readings)));
                }
            }
        }
    }

    @Test
    void whatAKindThatNoLongerCountsGatheredIsNotKept() {
        CodeHourAcc withMinutes = bucket(hour(true, true)).codes.get("a21026");
        assertTrue(withMinutes.minute.present);
        assertEmpty(withMinutes.hour);
        assertEmpty(withMinutes.realtime);
        CodeHourAcc withHour = bucket(hour(false, true)).codes.get("a21026");
        assertTrue(withHour.hour.present);
        assertEmpty(withHour.realtime);
        CodeHourAcc realtimeOnly = bucket(hour(false, false)).codes.get("a21026");
        assertEquals(59, realtimeOnly.realtime.validCount);
    }

    static void assertEmpty(KindAcc k) {
        assertFalse(k.present);
        assertTrue(k.noValues());
    }
}
