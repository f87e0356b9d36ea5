package org.cemsflow.aggregation;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.readNumber;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeNumber;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;

/**
 * A compact serializer for one code's accumulators of an hour, which wait in the hourly state for
 * the allowed lateness: a byte per record kind says whether it has nothing (most codes come as one
 * or two kinds), only records without a valid value, or values, and only then are its fields
 * written, variable-length: the count, the sum, minimum and maximum in thousandths when they are
 * exactly decimals of up to three places (a monitor's values; a sum when its floating-point
 * addition stayed exact), else whole, and the minutes with a valid value as the run of them from
 * the hour's first and a number for the rest. Every field comes back exactly. Values in the
 * fixed-width form written before still read; state the POJO serializer wrote is migrated on
 * restore.
 */
public final class CodeHourAccSerializer extends CompactSerializer<CodeHourAcc> {
    private static final long serialVersionUID = 1L;

    public static final CodeHourAccSerializer INSTANCE = new CodeHourAccSerializer();

    /** Type information of a code's hour accumulators: this serializer, not the POJO one. */
    public static final TypeInformation<CodeHourAcc> TYPE =
            CompactTypeInfo.of(CodeHourAcc.class, INSTANCE);

    /** The forms of a kind: VALUES is the fixed-width one written before COMPACT. */
    private static final int NOTHING = 0, PRESENT = 1, VALUES = 2, COMPACT = 3;

    /** Bits of a COMPACT kind's flags: what is written how. */
    private static final int PRESENT_BIT = 1, SUM_DECIMAL = 2, MIN_DECIMAL = 4, MAX_DECIMAL = 8;

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
        long sum = thousandths(k.sum);
        long min = thousandths(k.min);
        long max = thousandths(k.max);
        out.writeByte(COMPACT);
        out.writeByte(
                (k.present ? PRESENT_BIT : 0)
                        | (sum != NOT_DECIMAL ? SUM_DECIMAL : 0)
                        | (min != NOT_DECIMAL ? MIN_DECIMAL : 0)
                        | (max != NOT_DECIMAL ? MAX_DECIMAL : 0));
        writeVarLong(k.validCount, out);
        writeNumber(k.sum, sum, out);
        writeNumber(k.min, min, out);
        writeNumber(k.max, max, out);
        // an hour's valid minutes mostly run from its first on: their count, then the rest
        int run = Long.numberOfTrailingZeros(~k.validMinutes);
        out.writeByte(run);
        writeVarLong(run == 64 ? 0 : k.validMinutes >>> run, out);
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
        } else if (form == COMPACT) {
            int f = in.readUnsignedByte();
            k.present = (f & PRESENT_BIT) != 0;
            k.validCount = (int) readVarLong(in);
            k.sum = readNumber((f & SUM_DECIMAL) != 0, in);
            k.min = readNumber((f & MIN_DECIMAL) != 0, in);
            k.max = readNumber((f & MAX_DECIMAL) != 0, in);
            int run = in.readUnsignedByte();
            long rest = readVarLong(in);
            k.validMinutes = run == 64 ? -1L : rest << run | (1L << run) - 1;
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
    public static final class Snapshot extends FromPojoSnapshot<CodeHourAcc> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
