package org.cemsflow.correlation;

import static org.cemsflow.ingestion.CompactNumbers.readIfPresent;
import static org.cemsflow.ingestion.CompactNumbers.writeIfPresent;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;

/**
 * The serializer of the device rules' unit signals ({@link DeviceCorrelation#UNIT_SIGNALS}), one
 * per upload: a copy field by field where the POJO serializer copied by reflection (the signals
 * go to a chained map, and the copy between chained operators was 2 % of the frame gate's thread),
 * and a byte of flags for the values present on the wire. Not state: the unit rules keep signals
 * in their own form ({@link UnitInputSerializer}).
 */
public final class UnitSignalSerializer extends CompactSerializer<UnitSignal> {
    private static final long serialVersionUID = 1L;
    public static final UnitSignalSerializer INSTANCE = new UnitSignalSerializer();
    public static final TypeInformation<UnitSignal> TYPE =
            CompactTypeInfo.of(UnitSignal.class, INSTANCE);

    private static final int UNIT = 1, MN = 2, POWER = 4, WATER = 8, AIR_FLOW = 16, O2 = 32;
    private static final int METER = 64;

    @Override
    public UnitSignal createInstance() {
        return new UnitSignal();
    }

    @Override
    public UnitSignal copy(UnitSignal from) {
        UnitSignal s = new UnitSignal();
        s.unitId = from.unitId;
        s.mn = from.mn;
        s.time = from.time;
        s.device = from.device;
        s.meter = from.meter;
        s.power = from.power;
        s.water = from.water;
        s.airFlow = from.airFlow;
        s.o2 = from.o2;
        return s;
    }

    @Override
    public void serialize(UnitSignal s, DataOutputView out) throws IOException {
        int flags =
                (s.unitId != null ? UNIT : 0)
                        | (s.mn != null ? MN : 0)
                        | (s.power != null ? POWER : 0)
                        | (s.water != null ? WATER : 0)
                        | (s.airFlow != null ? AIR_FLOW : 0)
                        | (s.o2 != null ? O2 : 0)
                        | (s.meter ? METER : 0);
        out.writeByte(flags);
        if (s.unitId != null) {
            StringValue.writeString(s.unitId, out);
        }
        if (s.mn != null) {
            StringValue.writeString(s.mn, out);
        }
        out.writeLong(s.time);
        out.writeInt(s.device);
        writeIfPresent(s.power, out);
        writeIfPresent(s.water, out);
        writeIfPresent(s.airFlow, out);
        writeIfPresent(s.o2, out);
    }

    @Override
    public UnitSignal deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        UnitSignal s = new UnitSignal();
        s.unitId = (flags & UNIT) != 0 ? StringValue.readString(in) : null;
        s.mn = (flags & MN) != 0 ? StringValue.readString(in) : null;
        s.time = in.readLong();
        s.device = in.readInt();
        s.meter = (flags & METER) != 0;
        s.power = readIfPresent((flags & POWER) != 0, in);
        s.water = readIfPresent((flags & WATER) != 0, in);
        s.airFlow = readIfPresent((flags & AIR_FLOW) != 0, in);
        s.o2 = readIfPresent((flags & O2) != 0, in);
        return s;
    }

    @Override
    public TypeSerializerSnapshot<UnitSignal> snapshotConfiguration() {
        return new UnitSignalSerializerSnapshot();
    }

    /** The serializer has no configuration: the snapshot only names it. */
    public static final class UnitSignalSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<UnitSignal> {
        public UnitSignalSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
