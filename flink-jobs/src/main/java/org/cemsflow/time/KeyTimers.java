package org.cemsflow.time;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.streaming.api.TimerService;

/**
 * The event-time timers of a key as one state value, with one Flink timer, at the earliest of
 * them. Flink keeps each timer with its key: an operator with a timer per period of a key
 * (retention, say) kept the key once per period, often more bytes than the periods themselves.
 *
 * <p>The operator calls {@link #register} where it registered a timer, and {@link #fired} at every
 * timer of the key (before or after its own work). Its timers then fire at exactly the instants
 * they did: an instant registered below the earliest gets a Flink timer of its own, one at or
 * behind the watermark is Flink's at once, and when the earliest fires, the next gets one (it
 * fires in the same watermark step when it is due by then). Instants leave as they fire; the
 * value goes with the last, so a key leaves nothing behind that its timers did not.
 */
public final class KeyTimers {
    private final ValueState<long[]> instants;

    private KeyTimers(ValueState<long[]> instants) {
        this.instants = instants;
    }

    /** The timers of the current key in the keyed state of {@code ctx} under {@code name}. */
    public static KeyTimers of(RuntimeContext ctx, String name) {
        return new KeyTimers(ctx.getState(new ValueStateDescriptor<>(name, Serializer.INSTANCE)));
    }

    /** As {@code timers.registerEventTimeTimer(time)}. */
    public void register(long time, TimerService timers) throws Exception {
        if (time <= timers.currentWatermark()) {
            // due already: Flink's own, as before (at the instant that is firing it fires again),
            // whether or not this key's timer at the watermark has been told it fired yet
            timers.registerEventTimeTimer(time);
            return;
        }
        long[] at = instants.value();
        if (at == null) {
            instants.update(new long[] {time});
            timers.registerEventTimeTimer(time);
            return;
        }
        int i = Arrays.binarySearch(at, time);
        if (i >= 0) {
            return; // as Flink, one timer an instant
        }
        int to = -i - 1;
        long[] more = new long[at.length + 1];
        System.arraycopy(at, 0, more, 0, to);
        more[to] = time;
        System.arraycopy(at, to, more, to + 1, at.length - to);
        instants.update(more);
        if (to == 0) {
            timers.registerEventTimeTimer(time);
        }
    }

    /** At a timer of the key at {@code timestamp}: the instants up to it have fired. */
    public void fired(long timestamp, TimerService timers) throws Exception {
        long[] at = instants.value();
        if (at == null || at[0] > timestamp) {
            return;
        }
        int gone = 1;
        while (gone < at.length && at[gone] <= timestamp) {
            gone++;
        }
        if (gone == at.length) {
            instants.clear();
            return;
        }
        long[] rest = Arrays.copyOfRange(at, gone, at.length);
        instants.update(rest);
        timers.registerEventTimeTimer(rest[0]);
    }

    /**
     * Instants in ascending order: their count, the first, then each one's distance from the one
     * before in seconds, two bytes (a timer an hour: 3,600), or a marker and the instant itself
     * when it is not a whole number of seconds from 1 to 65,534. (Not one of the project's compact
     * serializers: those live in the ingestion package, which this one's users depend on.)
     */
    public static final class Serializer extends TypeSerializerSingleton<long[]> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();
        private static final int ITSELF = 0xFFFF;

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public long[] createInstance() {
            return new long[0];
        }

        @Override
        public long[] copy(long[] from) {
            return from.clone();
        }

        @Override
        public long[] copy(long[] from, long[] reuse) {
            return from.clone();
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(long[] at, DataOutputView out) throws IOException {
            out.writeInt(at.length);
            for (int i = 0; i < at.length; i++) {
                long d = i == 0 ? 0 : at[i] - at[i - 1];
                if (i > 0 && d > 0 && d % 1000 == 0 && d / 1000 < ITSELF) {
                    out.writeShort((int) (d / 1000));
                } else {
                    if (i > 0) {
                        out.writeShort(ITSELF);
                    }
                    out.writeLong(at[i]);
                }
            }
        }

        @Override
        public long[] deserialize(DataInputView in) throws IOException {
            long[] at = new long[in.readInt()];
            for (int i = 0; i < at.length; i++) {
                int seconds = i == 0 ? ITSELF : in.readUnsignedShort();
                at[i] = seconds == ITSELF ? in.readLong() : at[i - 1] + seconds * 1000L;
            }
            return at;
        }

        @Override
        public long[] deserialize(long[] reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override
        public TypeSerializerSnapshot<long[]> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<long[]> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
