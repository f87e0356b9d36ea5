package org.cemsflow.correlation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.ingestion.CompactNumbers;
import org.cemsflow.ingestion.RecordSerializer;

/**
 * The unit rules' waiting inputs of one unit, a list in time order ({@link
 * org.cemsflow.time.EventTimeQueue}): their count, then each input with its time relative to the
 * input before (a byte for the seconds between two uploads instead of five for a time of its own).
 * Any order reads back; time order is just the smallest. A copy is deep, so a snapshot being
 * written never sees an input the operator changes.
 *
 * <p>Most inputs are signals as they wait (no unit id, their device by number, whole seconds,
 * values that are decimals of up to three places): such a signal is one byte of what it has (its
 * device too, among a unit's first three), its seconds and its values in thousandths: two or
 * three bytes fewer than {@link UnitInputSerializer} writes it. Any other input is a zero byte and then as that
 * serializer writes it. Each of a signal's values is its difference from the last value of that
 * kind its device had in the list (a flow or an O2 moves little from one upload to the next: a
 * byte or two fewer than the value itself).
 *
 * <p>The list is written in columns ({@link #writeColumns}): the bytes that repeat from one
 * signal to the next stand together, where the snapshot's compression takes them in a few bytes,
 * and each kind of value is counted in the coarsest decimal step of the list's values of it (of
 * values with two decimals, an O2 that moved by up to 0.63 is a byte, not two).
 *
 * <p>Lists of the earlier layouts (snapshot version 1: every input as that serializer writes it;
 * 2: signals short with their values whole; 3: signals short with their values as differences,
 * one input after the other) are read with them and written again in this one.
 */
public final class WaitingUnitInputsSerializer extends RecordSerializer<List<UnitInput>> {
    private static final long serialVersionUID = 1L;

    /** Every input as {@link UnitInputSerializer} writes it. */
    static final int EACH_AS_ITSELF = 1;

    /** Signals as they wait in a byte of their own, the rest after a zero byte. */
    static final int SIGNALS_SHORT = 2;

    /** As {@link #SIGNALS_SHORT}, a signal's values as differences from its device's last ones. */
    static final int SIGNALS_DELTA = 3;

    /**
     * As {@link #SIGNALS_DELTA}, in columns (first bytes, other inputs, times, values) and each
     * kind of value in the list's coarsest decimal step.
     */
    static final int SIGNALS_COLUMNS = 4;

    /** A signal's first byte: the values it has, meter, its device (1 to 3; 0: a number follows). */
    private static final int SHORT = 0x80, METER = 0x10, DEVICE_SHIFT = 5;

    private static final int POWER = 1, WATER = 2, AIR_FLOW = 4, O2 = 8;

    private final UnitInputSerializer inputs;
    private final int layout;

    public WaitingUnitInputsSerializer(UnitInputSerializer inputs) {
        this(inputs, SIGNALS_COLUMNS);
    }

    WaitingUnitInputsSerializer(UnitInputSerializer inputs, int layout) {
        this.inputs = inputs;
        this.layout = layout;
    }

    @Override
    public TypeSerializer<List<UnitInput>> duplicate() {
        TypeSerializer<UnitInput> d = inputs.duplicate();
        return d == inputs
                ? this
                : new WaitingUnitInputsSerializer((UnitInputSerializer) d, layout);
    }

    @Override
    public List<UnitInput> createInstance() {
        return new ArrayList<>();
    }

    @Override
    public List<UnitInput> copy(List<UnitInput> from) {
        List<UnitInput> to = new ArrayList<>(from.size());
        for (UnitInput u : from) {
            to.add(inputs.copy(u));
        }
        return to;
    }

    @Override
    public void serialize(List<UnitInput> list, DataOutputView out) throws IOException {
        if (layout == SIGNALS_COLUMNS) {
            writeColumns(list, out);
            return;
        }
        CompactNumbers.writeVarLong(list.size(), out);
        long base = 0;
        LastValues last = layout == SIGNALS_DELTA ? new LastValues() : null;
        for (UnitInput u : list) {
            if (layout == EACH_AS_ITSELF) {
                inputs.serialize(u, out, base);
            } else if (!writeShort(u, base, last, out)) {
                out.writeByte(0);
                inputs.serialize(u, out, base);
            }
            base = u.time;
        }
    }

    /**
     * Writes a signal as it waits in its short form, its values against {@code last} (null: whole);
     * false (nothing written) for any other input.
     */
    private static boolean writeShort(UnitInput u, long base, LastValues last, DataOutputView out)
            throws IOException {
        long[] values = new long[KINDS];
        int first = shortForm(u, base, values);
        if (first == 0) {
            return false;
        }
        out.writeByte(first);
        writeTime(u, base, first, out);
        for (int kind = 0; kind < KINDS; kind++) {
            writeIfPresent(values[kind], u.signal.device, kind, last, out);
        }
        return true;
    }

    private static final int KINDS = 4;

    /**
     * The first byte of the input's short form, with its values in thousandths in {@code values}
     * (power, water, air flow, O2; {@link CompactNumbers#NOT_DECIMAL} for none); 0 when it has
     * none: an input other than a signal as it waits, a time not in whole seconds after {@code
     * base}, or a value that is no decimal of three places.
     */
    private static int shortForm(UnitInput u, long base, long[] values) {
        UnitSignal s = u.signal;
        if (s == null
                || u.mark != null
                || u.deviceAlert != null
                || u.device != null
                || u.atStart
                || u.unitId != null
                || s.unitId != null
                || s.device <= 0
                || s.time != u.time
                || (u.time - base) % 1000 != 0) {
            return 0;
        }
        values[0] = CompactNumbers.thousandths(s.power);
        values[1] = CompactNumbers.thousandths(s.water);
        values[2] = CompactNumbers.thousandths(s.airFlow);
        values[3] = CompactNumbers.thousandths(s.o2);
        long nd = CompactNumbers.NOT_DECIMAL; // also for no value
        int decimal =
                (values[0] != nd ? POWER : 0)
                        | (values[1] != nd ? WATER : 0)
                        | (values[2] != nd ? AIR_FLOW : 0)
                        | (values[3] != nd ? O2 : 0);
        int present =
                (s.power != null ? POWER : 0)
                        | (s.water != null ? WATER : 0)
                        | (s.airFlow != null ? AIR_FLOW : 0)
                        | (s.o2 != null ? O2 : 0);
        if (decimal != present) {
            return 0; // a value that is no decimal of three places: written whole elsewhere
        }
        int device = s.device <= 3 ? s.device : 0;
        return SHORT | device << DEVICE_SHIFT | (s.meter ? METER : 0) | present;
    }

    /** A short signal's seconds after {@code base}, and its device when its first byte has none. */
    private static void writeTime(UnitInput u, long base, int first, DataOutputView out)
            throws IOException {
        CompactNumbers.writeVarLong((u.time - base) / 1000, out);
        if ((first >> DEVICE_SHIFT & 3) == 0) {
            CompactNumbers.writeVarLong(u.signal.device, out);
        }
    }

    /**
     * The list in columns, so that the bytes that repeat from one signal to the next (their first
     * bytes, and their seconds apart when devices upload at a steady rate) stand together, where
     * the snapshot's compression takes them in a few bytes: the count; a byte of each kind's
     * decimal step; each input's first byte (0: not short); the other inputs, each as {@link
     * UnitInputSerializer} writes it with its time whole; the short signals' seconds (and
     * devices beyond the third); then their values, each a difference from its device's last one
     * of its kind, in the step of its kind: the coarsest of a thousandth, a hundredth, a tenth and
     * a whole that all the list's values of that kind are multiples of.
     */
    private void writeColumns(List<UnitInput> list, DataOutputView out) throws IOException {
        int n = list.size();
        int[] firsts = new int[n];
        long[][] values = new long[n][];
        int[] tens = {3, 3, 3, 3};
        long base = 0;
        for (int i = 0; i < n; i++) {
            UnitInput u = list.get(i);
            long[] v = new long[KINDS];
            firsts[i] = shortForm(u, base, v);
            if (firsts[i] != 0) {
                values[i] = v;
                for (int kind = 0; kind < KINDS; kind++) {
                    if (v[kind] != CompactNumbers.NOT_DECIMAL) {
                        tens[kind] = Math.min(tens[kind], CompactNumbers.tens(v[kind]));
                    }
                }
            }
            base = u.time;
        }
        CompactNumbers.writeVarLong(n, out);
        int stepByte = 0;
        long[] steps = new long[KINDS];
        for (int kind = 0; kind < KINDS; kind++) {
            stepByte |= tens[kind] << 2 * kind;
            steps[kind] = CompactNumbers.step(tens[kind]);
        }
        out.writeByte(stepByte);
        for (int first : firsts) {
            out.writeByte(first);
        }
        for (int i = 0; i < n; i++) {
            if (firsts[i] == 0) {
                inputs.serialize(list.get(i), out, 0);
            }
        }
        base = 0;
        for (int i = 0; i < n; i++) {
            UnitInput u = list.get(i);
            if (firsts[i] != 0) {
                writeTime(u, base, firsts[i], out);
            }
            base = u.time;
        }
        LastValues last = new LastValues();
        for (int i = 0; i < n; i++) {
            if (firsts[i] != 0) {
                for (int kind = 0; kind < KINDS; kind++) {
                    long v = values[i][kind];
                    writeIfPresent(
                            v == CompactNumbers.NOT_DECIMAL ? v : v / steps[kind],
                            list.get(i).signal.device,
                            kind,
                            last,
                            out);
                }
            }
        }
    }

    /** A list {@link #writeColumns} wrote. */
    private List<UnitInput> readColumns(DataInputView in) throws IOException {
        int n = (int) CompactNumbers.readVarLong(in);
        int stepByte = in.readUnsignedByte();
        long[] steps = new long[KINDS];
        for (int kind = 0; kind < KINDS; kind++) {
            steps[kind] = CompactNumbers.step(stepByte >> 2 * kind & 3);
        }
        int[] firsts = new int[n];
        for (int i = 0; i < n; i++) {
            firsts[i] = in.readUnsignedByte();
        }
        List<UnitInput> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(firsts[i] == 0 ? inputs.deserialize(in, 0) : null);
        }
        long base = 0;
        for (int i = 0; i < n; i++) {
            UnitInput u = list.get(i);
            if (u == null) {
                u = readSignal(firsts[i], base, in);
                list.set(i, u);
            }
            base = u.time;
        }
        LastValues last = new LastValues();
        for (int i = 0; i < n; i++) {
            if (firsts[i] != 0) {
                readValues(firsts[i], list.get(i).signal, steps, last, in);
            }
        }
        return list;
    }

    /** Each value counts thousandths: the layouts before the columns. */
    private static final long[] IN_THOUSANDTHS = {1, 1, 1, 1};

    /** A short signal's time (seconds after {@code base}) and device, after its first byte. */
    private static UnitInput readSignal(int first, long base, DataInputView in) throws IOException {
        UnitInput u = new UnitInput();
        UnitSignal s = new UnitSignal();
        u.signal = s;
        u.time = base + CompactNumbers.readVarLong(in) * 1000;
        s.time = u.time;
        s.meter = (first & METER) != 0;
        int device = (first >> DEVICE_SHIFT) & 3;
        s.device = device != 0 ? device : (int) CompactNumbers.readVarLong(in);
        return u;
    }

    /** The values a short signal's first byte says it has, each kind counting its step. */
    private static void readValues(
            int first, UnitSignal s, long[] steps, LastValues last, DataInputView in)
            throws IOException {
        s.power = readIfPresent((first & POWER) != 0, s.device, 0, steps[0], last, in);
        s.water = readIfPresent((first & WATER) != 0, s.device, 1, steps[1], last, in);
        s.airFlow = readIfPresent((first & AIR_FLOW) != 0, s.device, 2, steps[2], last, in);
        s.o2 = readIfPresent((first & O2) != 0, s.device, 3, steps[3], last, in);
    }

    private static void writeIfPresent(
            long thousandths, int device, int kind, LastValues last, DataOutputView out)
            throws IOException {
        if (thousandths != CompactNumbers.NOT_DECIMAL) {
            CompactNumbers.writeVarLong(
                    last == null ? thousandths : thousandths - last.swap(device, kind, thousandths),
                    out);
        }
    }

    private static Double readIfPresent(
            boolean present, int device, int kind, long step, LastValues last, DataInputView in)
            throws IOException {
        if (!present) {
            return null;
        }
        long steps = CompactNumbers.readVarLong(in);
        if (last != null) {
            steps += last.get(device, kind);
            last.swap(device, kind, steps);
        }
        return CompactNumbers.fromThousandths(steps * step);
    }

    /**
     * Each device's last value of each kind (power, water, air flow, O2) in thousandths, in a list
     * being written or read; 0 before its first. Devices are numbered from 1 within a unit.
     */
    private static final class LastValues {
        private long[] values = new long[4 * 8];

        long get(int device, int kind) {
            int at = 4 * device + kind;
            return at < values.length ? values[at] : 0;
        }

        /** Sets the value, returning the one before. */
        long swap(int device, int kind, long thousandths) {
            int at = 4 * device + kind;
            if (at >= values.length) {
                values = java.util.Arrays.copyOf(values, Math.max(2 * values.length, at + 4));
            }
            long before = values[at];
            values[at] = thousandths;
            return before;
        }
    }

    private static UnitInput readShort(int first, long base, LastValues last, DataInputView in)
            throws IOException {
        UnitInput u = readSignal(first, base, in);
        readValues(first, u.signal, IN_THOUSANDTHS, last, in);
        return u;
    }

    @Override
    public List<UnitInput> deserialize(DataInputView in) throws IOException {
        if (layout == SIGNALS_COLUMNS) {
            return readColumns(in);
        }
        int n = (int) CompactNumbers.readVarLong(in);
        List<UnitInput> list = new ArrayList<>(n);
        long base = 0;
        LastValues last = layout == SIGNALS_DELTA ? new LastValues() : null;
        for (int i = 0; i < n; i++) {
            UnitInput u;
            if (layout == EACH_AS_ITSELF) {
                u = inputs.deserialize(in, base);
            } else {
                int first = in.readUnsignedByte();
                u = first != 0 ? readShort(first, base, last, in) : inputs.deserialize(in, base);
            }
            list.add(u);
            base = u.time;
        }
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WaitingUnitInputsSerializer s
                && inputs.equals(s.inputs)
                && layout == s.layout;
    }

    @Override
    public int hashCode() {
        return inputs.hashCode() + 17 * layout;
    }

    @Override
    public TypeSerializerSnapshot<List<UnitInput>> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /**
     * Restores the serializer from savepoints, the inputs' serializer's evolution included; its
     * version is the layout (a list of the earlier one is migrated).
     */
    public static final class Snapshot
            extends CompositeTypeSerializerSnapshot<List<UnitInput>, WaitingUnitInputsSerializer> {
        private int layout = SIGNALS_COLUMNS;

        public Snapshot() {}

        Snapshot(WaitingUnitInputsSerializer serializer) {
            super(serializer);
            layout = serializer.layout;
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return layout;
        }

        @Override
        protected void readOuterSnapshot(int version, DataInputView in, ClassLoader loader)
                throws IOException {
            if (version < EACH_AS_ITSELF || version > SIGNALS_COLUMNS) {
                throw new IOException("unknown layout " + version + " of the unit rules' list");
            }
            layout = version;
        }

        @Override
        protected OuterSchemaCompatibility resolveOuterSchemaCompatibility(
                TypeSerializerSnapshot<List<UnitInput>> old) {
            return old instanceof Snapshot s && s.layout == layout
                    ? OuterSchemaCompatibility.COMPATIBLE_AS_IS
                    : OuterSchemaCompatibility.COMPATIBLE_AFTER_MIGRATION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(WaitingUnitInputsSerializer s) {
            return new TypeSerializer<?>[] {s.inputs};
        }

        @Override
        protected WaitingUnitInputsSerializer createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new WaitingUnitInputsSerializer((UnitInputSerializer) nested[0], layout);
        }
    }
}
