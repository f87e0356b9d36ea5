package org.cemsflow.time;

import static org.cemsflow.testkit.Harnesses.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.cemsflow.testkit.Harnesses;
import org.cemsflow.testkit.SerializerChecks;
import org.junit.jupiter.api.Test;

/** A key's timers as one value: they fire at the instants Flink's own timers fire. */
class KeyTimersTest {
    /** Registers the instants it is given, and more at some of its timers; says when each fired. */
    static final class Recorder extends KeyedProcessFunction<String, long[], String> {
        private final boolean asOneValue;

        /** Tells the timers that one fired after its own work, not before. */
        private final boolean firedLast;

        private transient KeyTimers timers;

        /** Instants registered again while they fired (once each, or they would fire forever). */
        private transient java.util.Set<String> again;

        Recorder(boolean asOneValue) {
            this(asOneValue, false);
        }

        Recorder(boolean asOneValue, boolean firedLast) {
            this.asOneValue = asOneValue;
            this.firedLast = firedLast;
        }

        @Override
        public void open(OpenContext ctx) {
            timers = asOneValue ? KeyTimers.of(getRuntimeContext(), "timers") : null;
            again = new java.util.HashSet<>();
        }

        private void register(long t, Context ctx) throws Exception {
            if (asOneValue) {
                timers.register(t, ctx.timerService());
            } else {
                ctx.timerService().registerEventTimeTimer(t);
            }
        }

        @Override
        public void processElement(long[] in, Context ctx, Collector<String> out) throws Exception {
            for (long t : in) {
                register(t, ctx);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
                throws Exception {
            if (asOneValue && !firedLast) {
                timers.fired(timestamp, ctx.timerService());
            }
            out.collect(ctx.getCurrentKey() + "@" + timestamp);
            if (Math.floorMod(timestamp, 7) == 0) {
                register(timestamp + 5, ctx); // later, and at once when the watermark is past it
                register(timestamp - 3, ctx); // already passed: at once
            }
            if (Math.floorMod(timestamp, 5) == 0 && again.add(ctx.getCurrentKey() + timestamp)) {
                register(timestamp, ctx); // the instant that fires: it fires again
            }
            if (asOneValue && firedLast) {
                timers.fired(timestamp, ctx.timerService());
            }
        }
    }

    static List<String> fired(Recorder recorder, long seed) throws Exception {
        Random r = new Random(seed);
        KeyedOneInputStreamOperatorTestHarness<String, long[], String> h =
                Harnesses.keyed(recorder, in -> "k" + (in.length % 3));
        h.open();
        long watermark = 0;
        for (int step = 0; step < 60; step++) {
            for (int e = 0; e < 3; e++) {
                long[] in = new long[1 + r.nextInt(4)];
                for (int i = 0; i < in.length; i++) {
                    // mostly ahead of the watermark, some at the same instants, some behind it
                    in[i] = watermark - 20 + r.nextInt(200);
                }
                h.processElement(at(in, watermark));
            }
            watermark += r.nextInt(50);
            h.processWatermark(watermark);
        }
        h.processWatermark(Long.MAX_VALUE);
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(0, h.numKeyedStateEntries(), "the instants are gone with the last");
        List<String> out = Harnesses.values(h);
        h.close();
        return out;
    }

    @Test
    void timersFireAtTheInstantsFlinksOwnDoKeyByKey() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            List<String> own = fired(new Recorder(false), seed);
            for (boolean firedLast : List.of(false, true)) {
                List<String> asOne = fired(new Recorder(true, firedLast), seed);
                for (String key : List.of("k0", "k1", "k2")) {
                    assertEquals(
                            ofKey(own, key),
                            ofKey(asOne, key),
                            "seed " + seed + ", " + key + (firedLast ? ", told last" : ""));
                }
                assertEquals(own.size(), asOne.size());
            }
        }
    }

    @Test
    void aKeyHasOneFlinkTimerHoweverManyInstantsItWaitsFor() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, long[], String> h =
                Harnesses.keyed(new Recorder(true), in -> "k");
        h.open();
        // instants the recorder sets no more timers at (none a multiple of 5 or 7)
        h.processElement(at(new long[] {102, 202, 102, 302}, 0));
        assertEquals(1, h.numEventTimeTimers());
        h.processElement(at(new long[] {52}, 0)); // below the earliest: a timer of its own
        assertEquals(2, h.numEventTimeTimers());
        h.processWatermark(150);
        assertEquals(List.of("k@52", "k@102"), Harnesses.values(h));
        assertEquals(1, h.numEventTimeTimers(), "the next one's");
        h.processWatermark(302);
        assertEquals(List.of("k@52", "k@102", "k@202", "k@302"), Harnesses.values(h));
        assertEquals(0, h.numKeyedStateEntries());
        h.close();
    }

    @Test
    void instantsSurviveTheirSerializer() throws Exception {
        long hour = 3_600_000L;
        long[][] cases = {
            {},
            {Long.MIN_VALUE},
            {-5, 7},
            {1_700_000_000_000L, 1_700_000_000_000L + hour, 1_700_000_000_000L + 30 * hour},
            {hour - 1, 2 * hour - 1, 2 * hour + 1, Long.MAX_VALUE},
            {Long.MIN_VALUE, 0, Long.MAX_VALUE}
        };
        for (long[] c : cases) {
            assertArrayEquals(c, SerializerChecks.roundTrip(KeyTimers.Serializer.INSTANCE, c));
        }
        byte[] hourly =
                SerializerChecks.bytes(
                        KeyTimers.Serializer.INSTANCE,
                        new long[] {
                            1_700_000_000_000L,
                            1_700_000_000_000L + hour,
                            1_700_000_000_000L + 2 * hour
                        });
        assertEquals(4 + 8 + 2 + 2, hourly.length, "a count, the first, then an hour in 2 bytes");
        SerializerChecks.assertSnapshotRestoresItself(KeyTimers.Serializer.INSTANCE);
    }

    private static List<String> ofKey(List<String> fired, String key) {
        List<String> l = new ArrayList<>();
        for (String f : fired) {
            if (f.startsWith(key + "@")) {
                l.add(f);
            }
        }
        return l;
    }
}
