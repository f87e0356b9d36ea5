package org.cemsflow.exceedance;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.readNumber;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.sameBits;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeNumber;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.ingestion.Quotient;
import org.cemsflow.model.Codes;
import org.cemsflow.time.LocalTimes;

/**
 * A compact serializer for the verdicts the judge and the case tracker keep for the allowed
 * lateness or the marks' deadline (plus days, for the tracker): one variable-length word of flags
 * for the booleans, the values present and how each is written; the period in hours when it is
 * whole hours; the mean compared with the limit written once, as a flag, when it is the measured
 * or the corrected mean (it always is one of them); numbers in thousandths when they are decimals
 * of up to three places, the measured mean as a {@link Quotient} when it is one (an hour's mostly
 * is) and the corrected mean as its O2's. Every field comes back exactly. State the POJO
 * serializer wrote before is migrated on restore.
 */
public final class VerdictSerializer extends CompactSerializer<Verdict> {
    private static final long serialVersionUID = 1L;

    public static final VerdictSerializer INSTANCE = new VerdictSerializer();

    /** Type information of the verdicts kept in state: this serializer, not the POJO one. */
    public static final TypeInformation<Verdict> TYPE = CompactTypeInfo.of(Verdict.class, INSTANCE);

    private static final int DAILY = 1,
            VALID = 1 << 1,
            EXCUSED = 1 << 2,
            NO_CORRECTED_MEAN = 1 << 3,
            EXCEEDING = 1 << 4,
            IN_HOURS = 1 << 5;

    /** Two bits a value (avg, zsAvg, o2Ref, limit, compared): present, and written in thousandths. */
    private static final int VALUES_SHIFT = 6;

    private static final int PRESENT = 1, DECIMAL = 2;

    /**
     * A value's two bits when it is written as a {@link Quotient} (its count, ulps and sum's
     * thousandths): the measured mean of an hour mostly is one, and the corrected mean is then
     * written as the quotient of the hour's O2 it was corrected with.
     */
    private static final int QUOTIENT = DECIMAL;

    /** How compared is written: with its own value, or as the measured or the corrected mean. */
    private static final int COMPARED_IS_AVG = 1 << 16, COMPARED_IS_ZS_AVG = 1 << 17;

    @Override
    public Verdict createInstance() {
        return new Verdict();
    }

    @Override
    public Verdict copy(Verdict from) {
        Verdict v = new Verdict();
        v.mn = from.mn;
        v.pointId = from.pointId;
        v.unitId = from.unitId;
        v.pollutant = from.pollutant;
        v.daily = from.daily;
        v.periodStart = from.periodStart;
        v.periodEnd = from.periodEnd;
        v.avg = from.avg;
        v.zsAvg = from.zsAvg;
        v.valid = from.valid;
        v.compared = from.compared;
        v.limit = from.limit;
        v.o2Ref = from.o2Ref;
        v.excused = from.excused;
        v.noCorrectedMean = from.noCorrectedMean;
        v.exceeding = from.exceeding;
        v.revision = from.revision;
        return v;
    }

    @Override
    public void serialize(Verdict v, DataOutputView out) throws IOException {
        boolean inHours =
                v.periodStart % LocalTimes.HOUR_MS == 0 && v.periodEnd % LocalTimes.HOUR_MS == 0;
        Double compared = v.compared;
        int how = 0;
        if (sameBits(compared, v.avg)) {
            how = COMPARED_IS_AVG;
            compared = null;
        } else if (sameBits(compared, v.zsAvg)) {
            how = COMPARED_IS_ZS_AVG;
            compared = null;
        }
        Double[] values = {v.avg, v.zsAvg, v.o2Ref, v.limit, compared};
        long[] thousandths = new long[values.length];
        int flags =
                how
                        | (v.daily ? DAILY : 0)
                        | (v.valid ? VALID : 0)
                        | (v.excused ? EXCUSED : 0)
                        | (v.noCorrectedMean ? NO_CORRECTED_MEAN : 0)
                        | (v.exceeding ? EXCEEDING : 0)
                        | (inHours ? IN_HOURS : 0);
        for (int i = 0; i < values.length; i++) {
            thousandths[i] = thousandths(values[i]);
            int bits =
                    (values[i] != null ? PRESENT : 0)
                            | (thousandths[i] != NOT_DECIMAL ? DECIMAL : 0);
            flags |= bits << (VALUES_SHIFT + 2 * i);
        }
        Quotient mean = new Quotient();
        if (thousandths[0] == NOT_DECIMAL && v.avg != null && mean.find(v.avg, 0)) {
            flags ^= (PRESENT ^ QUOTIENT) << VALUES_SHIFT;
            values[0] = null;
        }
        Quotient o2 = new Quotient();
        if (thousandths[1] == NOT_DECIMAL
                && v.zsAvg != null
                && v.avg != null
                && v.o2Ref != null
                && o2.findO2(v.zsAvg, v.avg, v.o2Ref, mean.count)) {
            flags ^= (PRESENT ^ QUOTIENT) << (VALUES_SHIFT + 2);
            values[1] = null;
        }
        writeVarLong(flags, out);
        StringValue.writeString(v.mn, out);
        StringValue.writeString(v.pointId, out);
        StringValue.writeString(v.unitId, out);
        StringValue.writeString(v.pollutant, out);
        if (inHours) {
            writeVarLong(v.periodStart / LocalTimes.HOUR_MS, out);
            writeVarLong((v.periodEnd - v.periodStart) / LocalTimes.HOUR_MS, out);
        } else {
            out.writeLong(v.periodStart);
            out.writeLong(v.periodEnd);
        }
        for (int i = 0; i < values.length; i++) {
            if (quotient(flags, i)) { // where its number would stand, as it is read
                writeQuotient(i == 0 ? mean : o2, out);
            } else if (values[i] != null) {
                writeNumber(values[i], thousandths[i], out);
            }
        }
        writeVarLong(v.revision, out);
    }

    @Override
    public Verdict deserialize(DataInputView in) throws IOException {
        int flags = (int) readVarLong(in);
        Verdict v = new Verdict();
        v.daily = (flags & DAILY) != 0;
        v.valid = (flags & VALID) != 0;
        v.excused = (flags & EXCUSED) != 0;
        v.noCorrectedMean = (flags & NO_CORRECTED_MEAN) != 0;
        v.exceeding = (flags & EXCEEDING) != 0;
        v.mn = StringValue.readString(in);
        v.pointId = StringValue.readString(in);
        v.unitId = StringValue.readString(in);
        v.pollutant = StringValue.readString(in);
        if ((flags & IN_HOURS) != 0) {
            v.periodStart = readVarLong(in) * LocalTimes.HOUR_MS;
            v.periodEnd = v.periodStart + readVarLong(in) * LocalTimes.HOUR_MS;
        } else {
            v.periodStart = in.readLong();
            v.periodEnd = in.readLong();
        }
        v.avg =
                quotient(flags, 0)
                        ? Double.valueOf(readQuotient(in).value())
                        : readValue(flags, 0, in);
        Quotient o2 = quotient(flags, 1) ? readQuotient(in) : null;
        v.zsAvg = readValue(flags, 1, in);
        v.o2Ref = readValue(flags, 2, in);
        if (o2 != null) {
            v.zsAvg = Codes.o2Corrected(v.avg, v.o2Ref, o2.value());
        }
        v.limit = readValue(flags, 3, in);
        v.compared = readValue(flags, 4, in);
        if ((flags & COMPARED_IS_AVG) != 0) {
            v.compared = v.avg;
        } else if ((flags & COMPARED_IS_ZS_AVG) != 0) {
            v.compared = v.zsAvg;
        }
        v.revision = (int) readVarLong(in);
        return v;
    }

    /** Whether value {@code i} is written as a quotient (the mean's own, the corrected's O2's). */
    private static boolean quotient(int flags, int i) {
        return ((flags >>> (VALUES_SHIFT + 2 * i)) & 3) == QUOTIENT;
    }

    private static void writeQuotient(Quotient q, DataOutputView out) throws IOException {
        writeVarLong(q.count, out);
        q.writeSum(false, out);
    }

    private static Quotient readQuotient(DataInputView in) throws IOException {
        Quotient q = new Quotient();
        q.count = (int) readVarLong(in);
        q.readSum(false, in);
        return q;
    }

    private static Double readValue(int flags, int i, DataInputView in) throws IOException {
        int bits = flags >>> (VALUES_SHIFT + 2 * i);
        return (bits & PRESENT) != 0 ? readNumber((bits & DECIMAL) != 0, in) : null;
    }

    @Override
    public TypeSerializerSnapshot<Verdict> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; state of the POJO serializer before is migrated. */
    public static final class Snapshot extends FromPojoSnapshot<Verdict> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
