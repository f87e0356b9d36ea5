package org.cemsflow.aggregation;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.fromThousandths;
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
import org.cemsflow.ingestion.CompactNumbers;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;

/**
 * A compact serializer for one code's accumulators of an hour, which wait in the hourly state for
 * the allowed lateness: a byte per record kind says whether it has nothing (most codes come as one
 * or two kinds), only records without a valid value, or values, and with values also how they are
 * written. Then, variable-length: the count; the minimum in thousandths when it is exactly a
 * decimal of up to three places (a monitor's values), else whole; the maximum as its distance from
 * the minimum; the sum as the nearest decimal's distance from count x the midpoint of minimum and
 * maximum, then its units in the last place from that decimal (a sum of decimals added in floating
 * point is mostly a few away from one); and the minutes with a valid value as the run of them from
 * the hour's first and a number for the rest. Where minimum, maximum and sum are all multiples of
 * a hundredth (a monitor's values of two decimals), or of a tenth or a whole, they are counted in
 * that step instead of thousandths: a byte fewer each, mostly. Every field comes back bit for bit.
 * Values in the forms written before (fixed-width; compact, with each value whole and the flags in
 * a byte of their own; in thousandths only) still read; state the POJO serializer wrote is
 * migrated on restore.
 */
public final class CodeHourAccSerializer extends CompactSerializer<CodeHourAcc> {
    private static final long serialVersionUID = 1L;

    public static final CodeHourAccSerializer INSTANCE = new CodeHourAccSerializer();

    /** Type information of a code's hour accumulators: this serializer, not the POJO one. */
    public static final TypeInformation<CodeHourAcc> TYPE =
            CompactTypeInfo.of(CodeHourAcc.class, INSTANCE);

    /**
     * The forms of a kind: VALUES is the fixed-width one written before COMPACT, and COMPACT (its
     * flags in a byte of their own, each value whole) the one written before RELATIVE.
     */
    private static final int NOTHING = 0, PRESENT = 1, VALUES = 2, COMPACT = 3;

    /** RELATIVE's byte is this and the flags in its low four bits: 16 to 31. */
    private static final int RELATIVE = 0x10;

    /**
     * A kind as RELATIVE, its minimum, maximum and sum in steps of 10, 100 or 1,000 thousandths
     * instead: its byte is this times 1, 2 or 3, and the flags (32 to 47, 64 to 79, 96 to 111).
     */
    private static final int STEPPED = 0x20;

    /**
     * Bits of a COMPACT or RELATIVE kind's flags: what is written how. In a RELATIVE kind,
     * SUM_DECIMAL says the sum is near a decimal of three places (its nearest count of thousandths
     * is within a long), not that it is one.
     */
    private static final int PRESENT_BIT = 1, SUM_DECIMAL = 2, MIN_DECIMAL = 4, MAX_DECIMAL = 8;

    /** A count is written less this: a minute kind's 60 and a real-time one's 120 take a byte. */
    private static final int COUNT_BIAS = 64;

    /**
     * Below this in size, the thousandths of a minimum and a maximum, and their midpoint times a
     * count under {@link #MAX_SCALED_COUNT}, stay well within a long.
     */
    private static final long MAX_SCALED = 1L << 40;

    private static final int MAX_SCALED_COUNT = 1 << 20;

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
        serialize(acc, out, out);
    }

    /**
     * Writes the accumulators' forms, counts and valid minutes to {@code head} and their values to
     * {@code numbers} (the same view: as {@link #serialize(CodeHourAcc, DataOutputView)}), so that
     * an hour can keep its codes' heads, which repeat from one hour to the next, together.
     */
    void serialize(CodeHourAcc acc, DataOutputView head, DataOutputView numbers)
            throws IOException {
        write(acc.minute, head, numbers);
        write(acc.hour, head, numbers);
        write(acc.realtime, head, numbers);
    }

    private static void write(KindAcc k, DataOutputView head, DataOutputView out)
            throws IOException {
        if (k == null) {
            throw new IOException("a code's accumulators without one of their kinds");
        }
        if (k.noValues()) {
            head.writeByte(k.present ? PRESENT : NOTHING);
            return;
        }
        long sum = nearestThousandths(k.sum);
        long min = thousandths(k.min);
        long max = thousandths(k.max);
        int steps = steps(min, max, sum);
        if (steps > 0) { // from here on, minimum, maximum and sum count that step, not thousandths
            long step = CompactNumbers.step(steps);
            min /= step;
            max /= step;
            sum /= step;
        }
        head.writeByte(
                (steps > 0 ? STEPPED * steps : RELATIVE)
                        | (k.present ? PRESENT_BIT : 0)
                        | (sum != NOT_DECIMAL ? SUM_DECIMAL : 0)
                        | (min != NOT_DECIMAL ? MIN_DECIMAL : 0)
                        | (max != NOT_DECIMAL ? MAX_DECIMAL : 0));
        writeVarLong((long) k.validCount - COUNT_BIAS, head);
        // the hour's values lie between its minimum and maximum: the maximum is written as its
        // distance from the minimum, the sum as its distance from count x their midpoint
        // (a decimal's thousandths and a base are under 2^61 in size: no difference overflows)
        writeNumber(k.min, min, out);
        if (max != NOT_DECIMAL) {
            writeVarLong(max - maxBase(min), out);
        } else {
            out.writeDouble(k.max);
        }
        if (sum != NOT_DECIMAL) {
            // a sum of decimals added in floating point is seldom exactly a decimal: the nearest
            // one, then how many units in the last place the sum is from it (mostly a byte)
            writeVarLong(sum - scaledMidpoint(min, max, k.validCount), out);
            writeVarLong(
                    Double.doubleToRawLongBits(k.sum)
                            - Double.doubleToRawLongBits(
                                    fromThousandths(sum * CompactNumbers.step(steps))),
                    out);
        } else {
            out.writeDouble(k.sum);
        }
        // an hour's valid minutes mostly run from its first on: their count, then the rest
        int run = Long.numberOfTrailingZeros(~k.validMinutes);
        head.writeByte(run);
        writeVarLong(run == 64 ? 0 : k.validMinutes >>> run, head);
    }

    /**
     * How many times ten minimum, maximum and sum (in thousandths) are all multiples of (a
     * monitor's values of two decimals: 2, a hundredth), where all three are decimals; 0 otherwise.
     */
    private static int steps(long min, long max, long sum) {
        if (min == NOT_DECIMAL || max == NOT_DECIMAL || sum == NOT_DECIMAL) {
            return 0;
        }
        return Math.min(
                CompactNumbers.tens(min),
                Math.min(CompactNumbers.tens(max), CompactNumbers.tens(sum)));
    }

    /** {@code v}'s nearest count of thousandths; NOT_DECIMAL for NaN, infinities and beyond 10^15. */
    private static long nearestThousandths(double v) {
        double scaled = v * 1000;
        return Math.abs(scaled) < 1e15 ? Math.round(scaled) : NOT_DECIMAL;
    }

    /**
     * {@code count} x the midpoint (rounded down) of {@code min} and {@code max}, in thousandths,
     * when they are decimals and small enough; 0 otherwise.
     */
    private static long scaledMidpoint(long min, long max, int count) {
        return min != NOT_DECIMAL
                        && max != NOT_DECIMAL
                        && Math.abs(min) < MAX_SCALED
                        && Math.abs(max) < MAX_SCALED
                        && count >= 0
                        && count < MAX_SCALED_COUNT
                ? ((min + max) >> 1) * count
                : 0;
    }

    /** What the maximum is written from: the minimum when it is a decimal, else 0. */
    private static long maxBase(long min) {
        return min != NOT_DECIMAL ? min : 0;
    }

    @Override
    public CodeHourAcc deserialize(DataInputView in) throws IOException {
        return deserialize(in, in);
    }

    /** Accumulators {@link #serialize(CodeHourAcc, DataOutputView, DataOutputView)} wrote. */
    CodeHourAcc deserialize(DataInputView head, DataInputView numbers) throws IOException {
        CodeHourAcc acc = new CodeHourAcc();
        acc.minute = read(head, numbers);
        acc.hour = read(head, numbers);
        acc.realtime = read(head, numbers);
        return acc;
    }

    /** The forms before RELATIVE are only ever in one view ({@code head} and {@code in} alike). */
    private static KindAcc read(DataInputView head, DataInputView in) throws IOException {
        KindAcc k = new KindAcc();
        int form = head.readUnsignedByte();
        if (form == PRESENT) {
            k.present = true;
        } else if (form == VALUES) {
            k.present = in.readBoolean();
            k.validCount = in.readInt();
            k.sum = in.readDouble();
            k.min = in.readDouble();
            k.max = in.readDouble();
            k.validMinutes = in.readLong();
        } else if (form == COMPACT
                || (form & ~0x0F) == RELATIVE
                || (form & ~0x6F) == 0 && (form & 0x60) != 0) {
            boolean relative = form != COMPACT;
            int f = relative ? form & 0x0F : in.readUnsignedByte();
            k.present = (f & PRESENT_BIT) != 0;
            if (relative) {
                long step = CompactNumbers.step((form & 0x60) / STEPPED);
                k.validCount = (int) (readVarLong(head) + COUNT_BIAS);
                long min = (f & MIN_DECIMAL) != 0 ? readVarLong(in) : NOT_DECIMAL;
                k.min = min != NOT_DECIMAL ? fromThousandths(min * step) : in.readDouble();
                long max = (f & MAX_DECIMAL) != 0 ? readVarLong(in) + maxBase(min) : NOT_DECIMAL;
                k.max = max != NOT_DECIMAL ? fromThousandths(max * step) : in.readDouble();
                if ((f & SUM_DECIMAL) != 0) {
                    long sum = readVarLong(in) + scaledMidpoint(min, max, k.validCount);
                    k.sum =
                            Double.longBitsToDouble(
                                    Double.doubleToRawLongBits(fromThousandths(sum * step))
                                            + readVarLong(in));
                } else {
                    k.sum = in.readDouble();
                }
            } else {
                k.validCount = (int) readVarLong(in);
                k.sum = readNumber((f & SUM_DECIMAL) != 0, in);
                k.min = readNumber((f & MIN_DECIMAL) != 0, in);
                k.max = readNumber((f & MAX_DECIMAL) != 0, in);
            }
            int run = head.readUnsignedByte();
            long rest = readVarLong(head);
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
