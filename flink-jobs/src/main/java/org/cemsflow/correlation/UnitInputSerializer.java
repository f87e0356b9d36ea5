package org.cemsflow.correlation;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.readNumber;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeNumber;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.ReadingSerializer;
import org.cemsflow.ingestion.RecordSerializer;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Mark;

/**
 * A compact serializer for the unit rules' inputs, most of them the signals that wait in the unit
 * operator's event-time buffer for the allowed lateness (the largest state of the job): a byte of
 * flags for what is present, the unit id once (a signal's is the input's), a signal's time only
 * when it differs from the input's, and only the values it has. A time of whole seconds is a
 * variable-length count of seconds, and a value that is exactly a decimal of up to three places
 * (what a monitor sends) a variable-length count of thousandths: both are read back bit for bit,
 * anything else is written whole. Marks, device alerts and devices (rare) go through their own
 * serializers, nested in the snapshot so that their evolution is tracked. State written by the
 * POJO serializer it replaced is migrated on restore; state written before the variable-length
 * forms reads as it is (they are flagged with bits that were never set then).
 */
public final class UnitInputSerializer extends RecordSerializer<UnitInput> {
    private static final long serialVersionUID = 1L;

    private static final int SIGNAL = 1, MARK = 2, ALERT = 4, DEVICE = 8, AT_START = 16, UNIT = 32;

    /** The input's time is a count of seconds. */
    private static final int SECONDS = 64;

    /** The signal names its device by number ({@link UnitSignal#device}), not by MN. */
    private static final int NUMBERED = 128;

    private static final int METER = 1, POWER = 2, WATER = 4, AIR_FLOW = 8, O2 = 16;
    private static final int OWN_UNIT = 32, OWN_TIME = 64;

    /** A byte follows with a bit per value present (power, water, air flow, O2): in thousandths. */
    private static final int DECIMALS = 128;

    private final TypeSerializer<Mark> marks;
    private final TypeSerializer<AlertEvent> alerts;
    private final TypeSerializer<Device> devices;

    UnitInputSerializer(
            TypeSerializer<Mark> marks,
            TypeSerializer<AlertEvent> alerts,
            TypeSerializer<Device> devices) {
        this.marks = marks;
        this.alerts = alerts;
        this.devices = devices;
    }

    @Override
    public TypeSerializer<UnitInput> duplicate() {
        TypeSerializer<Mark> m = marks.duplicate();
        TypeSerializer<AlertEvent> a = alerts.duplicate();
        TypeSerializer<Device> d = devices.duplicate();
        return m == marks && a == alerts && d == devices ? this : new UnitInputSerializer(m, a, d);
    }

    @Override
    public UnitInput createInstance() {
        return new UnitInput();
    }

    @Override
    public UnitInput copy(UnitInput from) {
        UnitInput u = new UnitInput();
        u.unitId = from.unitId;
        u.time = from.time;
        u.atStart = from.atStart;
        u.mark = from.mark == null ? null : marks.copy(from.mark);
        u.deviceAlert = from.deviceAlert == null ? null : alerts.copy(from.deviceAlert);
        u.device = from.device == null ? null : devices.copy(from.device);
        // strings and boxed numbers are immutable: the signals' field-by-field copy is a deep one
        u.signal = from.signal == null ? null : UnitSignalSerializer.INSTANCE.copy(from.signal);
        return u;
    }

    @Override
    public void serialize(UnitInput u, DataOutputView out) throws IOException {
        serialize(u, out, 0L);
    }

    /**
     * Writes {@code u} with its time relative to {@code base} (a list's previous input: a few
     * bytes less per input in a list in time order); {@link #deserialize(DataInputView, long)}
     * reads it back with the same base. Base 0 is the layout of a single input.
     */
    void serialize(UnitInput u, DataOutputView out, long base) throws IOException {
        long relative = u.time - base;
        int flags =
                (u.signal != null ? SIGNAL : 0)
                        | (u.mark != null ? MARK : 0)
                        | (u.deviceAlert != null ? ALERT : 0)
                        | (u.device != null ? DEVICE : 0)
                        | (u.atStart ? AT_START : 0)
                        | (u.unitId != null ? UNIT : 0)
                        | (relative % 1000 == 0 ? SECONDS : 0)
                        | (u.signal != null && u.signal.device > 0 ? NUMBERED : 0);
        out.writeByte(flags);
        if (u.unitId != null) {
            StringValue.writeString(u.unitId, out);
        }
        if ((flags & SECONDS) != 0) {
            writeVarLong(relative / 1000, out);
        } else {
            out.writeLong(u.time);
        }
        if (u.signal != null) {
            writeSignal(u, u.signal, out);
        }
        if (u.mark != null) {
            marks.serialize(u.mark, out);
        }
        if (u.deviceAlert != null) {
            alerts.serialize(u.deviceAlert, out);
        }
        if (u.device != null) {
            devices.serialize(u.device, out);
        }
    }

    private static void writeSignal(UnitInput u, UnitSignal s, DataOutputView out)
            throws IOException {
        boolean ownUnit = !java.util.Objects.equals(s.unitId, u.unitId);
        boolean ownTime = s.time != u.time;
        long power = thousandths(s.power);
        long water = thousandths(s.water);
        long airFlow = thousandths(s.airFlow);
        long o2 = thousandths(s.o2);
        int decimal =
                (power != NOT_DECIMAL ? 1 : 0)
                        | (water != NOT_DECIMAL ? 2 : 0)
                        | (airFlow != NOT_DECIMAL ? 4 : 0)
                        | (o2 != NOT_DECIMAL ? 8 : 0);
        out.writeByte(
                (s.meter ? METER : 0)
                        | (s.power != null ? POWER : 0)
                        | (s.water != null ? WATER : 0)
                        | (s.airFlow != null ? AIR_FLOW : 0)
                        | (s.o2 != null ? O2 : 0)
                        | (ownUnit ? OWN_UNIT : 0)
                        | (ownTime ? OWN_TIME : 0)
                        | (decimal != 0 ? DECIMALS : 0));
        if (s.device > 0) {
            writeVarLong(s.device, out);
        } else {
            StringValue.writeString(s.mn, out);
        }
        if (ownUnit) {
            StringValue.writeString(s.unitId, out);
        }
        if (ownTime) {
            out.writeLong(s.time);
        }
        if (decimal != 0) {
            out.writeByte(decimal);
        }
        writeValue(s.power, power, out);
        writeValue(s.water, water, out);
        writeValue(s.airFlow, airFlow, out);
        writeValue(s.o2, o2, out);
    }

    /** A value if present, in thousandths when it is a decimal. */
    private static void writeValue(Double v, long thousandths, DataOutputView out)
            throws IOException {
        if (v != null) {
            writeNumber(v, thousandths, out);
        }
    }

    @Override
    public UnitInput deserialize(DataInputView in) throws IOException {
        return deserialize(in, 0L);
    }

    /** Reads an input written with its time relative to {@code base}. */
    UnitInput deserialize(DataInputView in, long base) throws IOException {
        int flags = in.readUnsignedByte();
        UnitInput u = new UnitInput();
        if ((flags & UNIT) != 0) {
            u.unitId = ReadingSerializer.readString(in);
        }
        u.time = (flags & SECONDS) != 0 ? base + readVarLong(in) * 1000 : in.readLong();
        u.atStart = (flags & AT_START) != 0;
        if ((flags & SIGNAL) != 0) {
            u.signal = readSignal(u, (flags & NUMBERED) != 0, in);
        }
        if ((flags & MARK) != 0) {
            u.mark = marks.deserialize(in);
        }
        if ((flags & ALERT) != 0) {
            u.deviceAlert = alerts.deserialize(in);
        }
        if ((flags & DEVICE) != 0) {
            u.device = devices.deserialize(in);
        }
        return u;
    }

    private static UnitSignal readSignal(UnitInput u, boolean numbered, DataInputView in)
            throws IOException {
        int f = in.readUnsignedByte();
        UnitSignal s = new UnitSignal();
        s.meter = (f & METER) != 0;
        if (numbered) {
            s.device = (int) readVarLong(in);
        } else {
            s.mn = ReadingSerializer.readString(in);
        }
        // one string for the input's and the signal's unit: half the heap a waiting signal takes
        s.unitId = (f & OWN_UNIT) != 0 ? ReadingSerializer.readString(in) : u.unitId;
        s.time = (f & OWN_TIME) != 0 ? in.readLong() : u.time;
        int decimal = (f & DECIMALS) != 0 ? in.readUnsignedByte() : 0;
        s.power = (f & POWER) != 0 ? readNumber((decimal & 1) != 0, in) : null;
        s.water = (f & WATER) != 0 ? readNumber((decimal & 2) != 0, in) : null;
        s.airFlow = (f & AIR_FLOW) != 0 ? readNumber((decimal & 4) != 0, in) : null;
        s.o2 = (f & O2) != 0 ? readNumber((decimal & 8) != 0, in) : null;
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitInputSerializer s
                && marks.equals(s.marks)
                && alerts.equals(s.alerts)
                && devices.equals(s.devices);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * marks.hashCode() + alerts.hashCode()) + devices.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<UnitInput> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** Restores the serializer from savepoints, its nested serializers' evolution included. */
    public static final class Snapshot
            extends CompactSerializer.FromPojoCompositeSnapshot<UnitInput, UnitInputSerializer> {
        public Snapshot() {}

        Snapshot(UnitInputSerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(UnitInputSerializer s) {
            return new TypeSerializer<?>[] {s.marks, s.alerts, s.devices};
        }

        @SuppressWarnings("unchecked")
        @Override
        protected UnitInputSerializer createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new UnitInputSerializer(
                    (TypeSerializer<Mark>) nested[0],
                    (TypeSerializer<AlertEvent>) nested[1],
                    (TypeSerializer<Device>) nested[2]);
        }
    }
}
