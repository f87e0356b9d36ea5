package org.cemsflow.ingestion;

import static org.cemsflow.ingestion.CompactNumbers.fromThousandths;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.model.Codes;

/**
 * A mean as the compact serializers write it: a sum of decimals over a count, as an hourly mean
 * is its readings' sum over their count. {@link #find} looks for the count, the sum's thousandths
 * and the units in the last place (ulps) that the sum, as the doubles added up to it, lies from
 * those thousandths' double; {@link #value} gives the mean back from the three bit for bit, and
 * {@link #find} keeps only three that do. A mean's eight bytes look random; its sum's thousandths
 * take three or four, its count and ulps repeat or stay small.
 */
public final class Quotient {
    /** The largest count looked for beyond the hint: the minutes of an hour. */
    static final int MAX_COUNT = 60;

    /** The sum added up in doubles lies at most this far from its thousandths' double. */
    static final int MAX_ULPS = 1 << 10;

    public int count;
    public long thousandths;
    public int ulps;

    /**
     * Whether {@code v} is such a mean: the count {@code hint} first (when positive), then every
     * count from 1 to {@value #MAX_COUNT}. Sets the fields when it is.
     */
    public boolean find(double v, int hint) {
        if (!(Math.abs(v) < 1e9)) { // NaN, infinities, and sums beyond exact thousandths
            return false;
        }
        if (hint > 0 && tryCount(v, hint)) {
            return true;
        }
        for (int n = 1; n <= MAX_COUNT; n++) {
            if (n != hint && tryCount(v, n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code v} is such a mean times {@code factor} (as an hour's volume is its mean flow
     * times the hour's factor): {@code value() * factor} gives it back bit for bit.
     */
    public boolean findScaled(double v, double factor, int hint) {
        double m = v / factor;
        for (double c : new double[] {m, Math.nextDown(m), Math.nextUp(m)}) {
            if (Double.doubleToRawLongBits(c * factor) == Double.doubleToRawLongBits(v)
                    && find(c, hint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code corrected} is {@code measured} at the reference O2 (as {@link
     * Codes#o2Corrected} makes an hour's corrected mean) for an O2 that is such a mean: sets the
     * fields to that O2's.
     */
    public boolean findO2(double corrected, double measured, double o2Ref, int hint) {
        long near = Double.doubleToRawLongBits(Codes.o2Of(corrected, measured, o2Ref));
        long bits = Double.doubleToRawLongBits(corrected);
        // the estimate, then 1 ulp above and below it, then 2, ...
        for (int i = 0; i <= 2 * O2_ULPS; i++) {
            double o2 = Double.longBitsToDouble(near + (i % 2 == 1 ? (i + 1) / 2 : -(i / 2)));
            if (Double.doubleToRawLongBits(Codes.o2Corrected(measured, o2Ref, o2)) == bits
                    && find(o2, hint)) {
                return true;
            }
        }
        return false;
    }

    /** How far from its estimate the O2 of a corrected mean is looked for, in ulps. */
    private static final int O2_ULPS = 8;

    /** Whether the sum is whole hundredths: {@link #writeSum} can write it so. */
    public boolean inHundredths() {
        return thousandths % 10 == 0;
    }

    /**
     * The ulps, then the sum's thousandths (in hundredths when {@code hundredths}, which the
     * caller knows from its flags): what a quotient writes beside its count.
     */
    public void writeSum(boolean hundredths, DataOutputView out) throws IOException {
        writeVarLong(ulps, out);
        writeVarLong(hundredths ? thousandths / 10 : thousandths, out);
    }

    /** What {@link #writeSum} wrote, into the ulps and thousandths. */
    public void readSum(boolean hundredths, DataInputView in) throws IOException {
        ulps = (int) readVarLong(in);
        long sum = readVarLong(in);
        thousandths = hundredths ? sum * 10 : sum;
    }

    /** The mean the fields give. */
    public double value() {
        return value(count, thousandths, ulps);
    }

    private boolean tryCount(double v, int n) {
        double sum = v * n; // within an ulp or two of a sum that gives v
        long t = Math.round(sum * 1000);
        long near =
                Double.doubleToRawLongBits(sum) - Double.doubleToRawLongBits(fromThousandths(t));
        if (near > MAX_ULPS || near < -MAX_ULPS) { // also across signs, as for -0.0
            return false;
        }
        long vBits = Double.doubleToRawLongBits(v);
        for (long k = near - 2; k <= near + 2; k++) {
            if (k <= MAX_ULPS
                    && k >= -MAX_ULPS
                    && Double.doubleToRawLongBits(value(n, t, (int) k)) == vBits) {
                count = n;
                thousandths = t;
                ulps = (int) k;
                return true;
            }
        }
        return false;
    }

    /** The mean of {@code count} values summing to {@code thousandths}, {@code ulps} off. */
    public static double value(int count, long thousandths, int ulps) {
        double sum =
                Double.longBitsToDouble(
                        Double.doubleToRawLongBits(fromThousandths(thousandths)) + ulps);
        return sum / count;
    }
}
