package org.cemsflow.aggregation;

import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.testkit.Harnesses;

/** Small builders for the aggregation harness tests. */
final class Harness {
    private Harness() {}

    static KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, Aggregate> hourly(
            HourlyAggregator f) throws Exception {
        var h = Harnesses.keyed(f, (DecodedFrame u) -> u.mn);
        h.open();
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Aggregate, Aggregate> daily(
            DailyAggregator f) throws Exception {
        var h = Harnesses.keyed(f, Aggregate::getMn);
        h.open();
        return h;
    }

    static Reading reading(
            String mn, RecordKind kind, String code, long t, double value, String flag) {
        Reading r = new Reading();
        r.setMn(mn);
        r.setCn(
                switch (kind) {
                    case MINUTE -> 2051;
                    case HOUR -> 2061;
                    case REALTIME -> 2011;
                    default -> 2031;
                });
        r.setKind(kind);
        r.setCode(code);
        r.setDataTime(t);
        r.setProtocolVersion(2017);
        r.setFlag(flag);
        if (kind == RecordKind.REALTIME) {
            r.setRtd(value);
        } else {
            r.setAvg(value);
        }
        return r;
    }

    static <T> StreamRecord<T> at(T value, long t) {
        return Harnesses.at(value, t);
    }

    /** A reading as an upload of its own, at {@code t}: what the hourly means take. */
    static StreamRecord<DecodedFrame> at(Reading r, long t) {
        return Harnesses.at(DecodedFrame.ofReading(r), t);
    }

    static List<Aggregate> output(KeyedOneInputStreamOperatorTestHarness<String, ?, Aggregate> h) {
        return Harnesses.values(h);
    }

    static Aggregate row(List<Aggregate> rows, String code) {
        return rows.stream()
                .filter(a -> a.getPollutant().equals(code))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no row for " + code + " in " + rows));
    }
}
