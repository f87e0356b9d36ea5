package org.cemsflow.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The operator tests' shared kit: a keyed harness for a process function, records at an event
 * time, the values a harness emitted, and the two state checks every stateful operator's test
 * makes (its state types are Flink POJOs, and its keyed state is gone when it should be).
 */
public final class Harnesses {
    private Harnesses() {}

    /** A harness for {@code f} keyed by a string; not yet opened (restore a snapshot first, or open it). */
    public static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> keyed(
            KeyedProcessFunction<String, IN, OUT> f, KeySelector<IN, String> key) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(f), key, Types.STRING);
    }

    /** A record at event time {@code t}. */
    public static <T> StreamRecord<T> at(T value, long t) {
        return new StreamRecord<>(value, t);
    }

    /** The values the harness emitted on its main output, in order (watermarks left out). */
    @SuppressWarnings("unchecked")
    public static <OUT> List<OUT> values(AbstractStreamOperatorTestHarness<OUT> h) {
        List<OUT> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> sr) {
                out.add((OUT) sr.getValue());
            }
        }
        return out;
    }

    /** Each type is a Flink POJO, serialized without Kryo. */
    public static void assertPojo(Class<?>... types) {
        for (Class<?> c : types) {
            TypeInformation<?> t = TypeInformation.of(c);
            assertTrue(t instanceof PojoTypeInfo, c + " is " + t);
            assertFalse(t.toString().contains("GenericType"), t.toString());
        }
    }

    /** The harness's operator holds no keyed state any more. */
    public static void assertStateGone(
            KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h, String why) {
        assertEquals(0, h.numKeyedStateEntries(), why);
    }
}
