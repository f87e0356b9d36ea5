package org.cemsflow.quota;

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
import org.cemsflow.time.LocalTimes;

/**
 * A compact serializer for what the gap filler remembers of a point and pollutant ({@link
 * PointSeries}): a byte of flags; the latest hour as a count of hours and the last valid one as
 * the hours before it; the masses in thousandths when they are decimals of up to three places,
 * else whole; each candidate maximum as how many valid masses ago it came. The POJO serializer
 * wrote the unit and point ids too, and each array's free slots: the ids are left out, since the
 * filler sets them from the hourly row before it uses them, and the arrays come back as long as
 * the candidates. Every other field comes back exactly. State the POJO serializer wrote is
 * migrated on restore.
 */
public final class PointSeriesSerializer extends CompactSerializer<PointSeries> {
    private static final long serialVersionUID = 1L;
    private static final long H = LocalTimes.HOUR_MS;

    public static final PointSeriesSerializer INSTANCE = new PointSeriesSerializer();

    /** Type information of the gap filler's series: this serializer, not the POJO one. */
    public static final TypeInformation<PointSeries> TYPE =
            CompactTypeInfo.of(PointSeries.class, INSTANCE);

    private static final int VALID_HOUR = 1, LAST_HOUR = 2, IN_HOURS = 4, NO_MASS = 8;
    private static final int MASS_DECIMAL = 16;

    @Override
    public PointSeries createInstance() {
        return new PointSeries();
    }

    @Override
    public PointSeries copy(PointSeries from) {
        PointSeries s = new PointSeries();
        s.unitId = from.unitId;
        s.pointId = from.pointId;
        s.lastValidHour = from.lastValidHour;
        s.lastValidMass = from.lastValidMass;
        s.lastHour = from.lastHour;
        s.count = from.count;
        s.candidateNumber = from.candidateNumber.clone();
        s.candidateMass = from.candidateMass.clone();
        s.candidates = from.candidates;
        return s;
    }

    @Override
    public void serialize(PointSeries s, DataOutputView out) throws IOException {
        boolean inHours =
                (s.lastHour == null || s.lastHour % H == 0)
                        && (s.lastValidHour == null || s.lastValidHour % H == 0);
        boolean noMass = Double.doubleToRawLongBits(s.lastValidMass) == 0L; // 0.0, not -0.0
        long massThousandths = noMass ? NOT_DECIMAL : thousandths(s.lastValidMass);
        out.writeByte(
                (s.lastValidHour != null ? VALID_HOUR : 0)
                        | (s.lastHour != null ? LAST_HOUR : 0)
                        | (inHours ? IN_HOURS : 0)
                        | (noMass ? NO_MASS : 0)
                        | (massThousandths != NOT_DECIMAL ? MASS_DECIMAL : 0));
        long base = 0;
        if (s.lastHour != null) {
            writeTime(s.lastHour, 0, inHours, out);
            base = s.lastHour;
        }
        if (s.lastValidHour != null) {
            // at or before the latest hour: a few hours back
            writeTime(s.lastValidHour, base, inHours, out);
        }
        if (!noMass) {
            writeNumber(s.lastValidMass, massThousandths, out);
        }
        writeVarLong(s.count, out);
        writeVarLong(s.candidates, out);
        for (int i = 0; i < s.candidates; i++) {
            long t = thousandths(s.candidateMass[i]);
            writeVarLong((s.count - s.candidateNumber[i]) << 1 | (t != NOT_DECIMAL ? 1 : 0), out);
            writeNumber(s.candidateMass[i], t, out);
        }
    }

    /** A time as the hours before {@code base} when {@code inHours}, else whole. */
    private static void writeTime(long time, long base, boolean inHours, DataOutputView out)
            throws IOException {
        if (inHours) {
            writeVarLong((base - time) / H, out);
        } else {
            out.writeLong(time);
        }
    }

    private static long readTime(long base, boolean inHours, DataInputView in) throws IOException {
        return inHours ? base - readVarLong(in) * H : in.readLong();
    }

    @Override
    public PointSeries deserialize(DataInputView in) throws IOException {
        int f = in.readUnsignedByte();
        boolean inHours = (f & IN_HOURS) != 0;
        PointSeries s = new PointSeries();
        long base = 0;
        if ((f & LAST_HOUR) != 0) {
            s.lastHour = readTime(0, inHours, in);
            base = s.lastHour;
        }
        if ((f & VALID_HOUR) != 0) {
            s.lastValidHour = readTime(base, inHours, in);
        }
        if ((f & NO_MASS) == 0) {
            s.lastValidMass = readNumber((f & MASS_DECIMAL) != 0, in);
        }
        s.count = readVarLong(in);
        int n = (int) readVarLong(in);
        s.candidateNumber = new long[n];
        s.candidateMass = new double[n];
        s.candidates = n;
        for (int i = 0; i < n; i++) {
            long back = readVarLong(in);
            s.candidateNumber[i] = s.count - (back >>> 1);
            s.candidateMass[i] = readNumber((back & 1) != 0, in);
        }
        return s;
    }

    @Override
    public TypeSerializerSnapshot<PointSeries> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; state of the POJO serializer before is migrated. */
    public static final class Snapshot extends FromPojoSnapshot<PointSeries> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
