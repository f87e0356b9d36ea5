package org.cemsflow.aggregation;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;

/** Small builders for the aggregation harness tests. */
final class Harness {
    private Harness() {}

    static KeyedOneInputStreamOperatorTestHarness<String, Reading, Aggregate> hourly(
            HourlyAggregator f) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(f), Reading::getMn, Types.STRING);
        h.open();
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Aggregate, Aggregate> daily(
            DailyAggregator f) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(f), Aggregate::getMn, Types.STRING);
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
        return new StreamRecord<>(value, t);
    }

    static List<Aggregate> output(KeyedOneInputStreamOperatorTestHarness<String, ?, Aggregate> h) {
        List<Aggregate> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> sr) {
                out.add((Aggregate) sr.getValue());
            }
        }
        return out;
    }

    static Aggregate row(List<Aggregate> rows, String code) {
        return rows.stream()
                .filter(a -> a.getPollutant().equals(code))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no row for " + code + " in " + rows));
    }
}
