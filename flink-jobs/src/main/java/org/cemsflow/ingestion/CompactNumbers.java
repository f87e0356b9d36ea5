package org.cemsflow.ingestion;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The variable-length numbers of the compact state serializers: zig-zag integers of seven bits a
 * byte, and values that are exactly a decimal of up to three places (what a monitor sends) as a
 * count of thousandths. Both read back bit for bit; a value that is no such decimal is written
 * whole by the caller.
 */
public final class CompactNumbers {
    private CompactNumbers() {}

    private static final double THOUSANDTHS = 1000.0;

    /** Not a decimal of up to three places (nor one whose thousandths a double holds exactly). */
    public static final long NOT_DECIMAL = Long.MIN_VALUE;

    /**
     * {@code v} in thousandths when that count, divided back, is {@code v} bit for bit; {@link
     * #NOT_DECIMAL} otherwise, and for no value.
     */
    public static long thousandths(Double v) {
        if (v == null) {
            return NOT_DECIMAL;
        }
        double scaled = v * THOUSANDTHS;
        if (!(Math.abs(scaled) < 1e15)) { // NaN, infinities, and beyond a double's exact longs
            return NOT_DECIMAL;
        }
        long m = Math.round(scaled);
        return Double.doubleToRawLongBits(m / THOUSANDTHS) == Double.doubleToRawLongBits(v)
                ? m
                : NOT_DECIMAL; // -0.0 too: its thousandths come back as 0.0
    }

    /**
     * How many times ten divides a count of thousandths, at most 3: the coarsest decimal step (a
     * thousandth, hundredth, tenth or whole) the value is a multiple of.
     */
    public static int tens(long thousandths) {
        int t = 0;
        while (t < 3 && thousandths % TEN_POWERS[t + 1] == 0) {
            t++;
        }
        return t;
    }

    /** The step {@link #tens} counts: 10 to the power {@code tens}, in thousandths. */
    public static long step(int tens) {
        return TEN_POWERS[tens];
    }

    private static final long[] TEN_POWERS = {1, 10, 100, 1000};

    /** The value of a count of thousandths. */
    public static double fromThousandths(long thousandths) {
        return thousandths / THOUSANDTHS;
    }

    /** A value: in {@code thousandths} (its {@link #thousandths}) when it is a decimal, else whole. */
    public static void writeNumber(double v, long thousandths, DataOutputView out)
            throws IOException {
        if (thousandths != NOT_DECIMAL) {
            writeVarLong(thousandths, out);
        } else {
            out.writeDouble(v);
        }
    }

    /** A value written whole when it is there (its presence is a flag the caller writes). */
    public static void writeIfPresent(Double v, DataOutputView out) throws IOException {
        if (v != null) {
            out.writeDouble(v);
        }
    }

    /** A value {@link #writeIfPresent} wrote, null when {@code present} is false. */
    public static Double readIfPresent(boolean present, DataInputView in) throws IOException {
        return present ? in.readDouble() : null;
    }

    /** A value {@link #writeNumber} wrote; {@code decimal}: it was written in thousandths. */
    public static double readNumber(boolean decimal, DataInputView in) throws IOException {
        return decimal ? fromThousandths(readVarLong(in)) : in.readDouble();
    }

    /** Zig-zag, seven bits a byte: a count of seconds in 5 bytes, a reading's value in 2 to 4. */
    public static void writeVarLong(long v, DataOutputView out) throws IOException {
        writeUnsigned((v << 1) ^ (v >> 63), out);
    }

    public static long readVarLong(DataInputView in) throws IOException {
        long z = readUnsigned(in);
        return (z >>> 1) ^ -(z & 1);
    }

    /**
     * Seven bits a byte, the eighth set in every byte but the last: a value under 128 (as a byte of
     * flags) is that byte.
     */
    public static void writeUnsigned(long z, DataOutputView out) throws IOException {
        while ((z & ~0x7FL) != 0) {
            out.writeByte((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.writeByte((int) z);
    }

    /** A value {@link #writeUnsigned} wrote. */
    public static long readUnsigned(DataInputView in) throws IOException {
        long z = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            z |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return z;
            }
        }
    }

    /** Same bits, both present (a NaN is the NaN it was, -0.0 is not 0.0). */
    public static boolean sameBits(Double a, Double b) {
        return a != null
                && b != null
                && Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }
}
