package org.cemsflow.aggregation;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.ingestion.CompactSerializer;

/**
 * A compact serializer for one code's accumulators of an hour, which wait in the hourly state for
 * the allowed lateness: a byte per record kind says whether it has nothing (most codes come as one
 * or two kinds), only records without a valid value, or values, and only then are its fields
 * written. Every field comes back exactly. State the POJO serializer wrote before is migrated on
 * restore.
 */
public final class CodeHourAccSerializer extends CompactSerializer<CodeHourAcc> {
    private static final long serialVersionUID = 1L;

    public static final CodeHourAccSerializer INSTANCE = new CodeHourAccSerializer();

    private static final int NOTHING = 0, PRESENT = 1, VALUES = 2;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public CodeHourAcc createInstance() {
        return new CodeHourAcc();
    }

    @Override
    public CodeHourAcc copy(CodeHourAcc from) {
        CodeHourAcc c = new CodeHourAcc();
        c.minute = from.minute == null ? null : from.minute.copy();
        c.hour = from.hour == null ? null : from.hour.copy();
        c.realtime = from.realtime == null ? null : from.realtime.copy();
        return c;
    }

    @Override
    public void serialize(CodeHourAcc acc, DataOutputView out) throws IOException {
        write(acc.minute, out);
        write(acc.hour, out);
        write(acc.realtime, out);
    }

    private static void write(KindAcc k, DataOutputView out) throws IOException {
        if (k == null) {
            throw new IOException("a code's accumulators without one of their kinds");
        }
        if (k.noValues()) {
            out.writeByte(k.present ? PRESENT : NOTHING);
            return;
        }
        out.writeByte(VALUES);
        out.writeBoolean(k.present);
        out.writeInt(k.validCount);
        out.writeDouble(k.sum);
        out.writeDouble(k.min);
        out.writeDouble(k.max);
        out.writeLong(k.validMinutes);
    }

    @Override
    public CodeHourAcc deserialize(DataInputView in) throws IOException {
        CodeHourAcc acc = new CodeHourAcc();
        acc.minute = read(in);
        acc.hour = read(in);
        acc.realtime = read(in);
        return acc;
    }

    private static KindAcc read(DataInputView in) throws IOException {
        KindAcc k = new KindAcc();
        int form = in.readUnsignedByte();
        if (form == PRESENT) {
            k.present = true;
        } else if (form == VALUES) {
            k.present = in.readBoolean();
            k.validCount = in.readInt();
            k.sum = in.readDouble();
            k.min = in.readDouble();
            k.max = in.readDouble();
            k.validMinutes = in.readLong();
        } else if (form != NOTHING) {
            throw new IOException("unknown form " + form + " of a code's hour accumulators");
        }
        return k;
    }

    @Override
    public TypeSerializerSnapshot<CodeHourAcc> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; state of the POJO serializer before is migrated. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CodeHourAcc> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<CodeHourAcc> resolveSchemaCompatibility(
                TypeSerializerSnapshot<CodeHourAcc> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
