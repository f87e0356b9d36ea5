package org.cemsflow.aggregation;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.readIfPresent;
import static org.cemsflow.ingestion.CompactNumbers.readNumber;
import static org.cemsflow.ingestion.CompactNumbers.readUnsigned;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.sameBits;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeIfPresent;
import static org.cemsflow.ingestion.CompactNumbers.writeNumber;
import static org.cemsflow.ingestion.CompactNumbers.writeUnsigned;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.ingestion.Quotient;
import org.cemsflow.model.Codes;
import org.cemsflow.time.LocalTimes;

/**
 * A compact serializer for the hourly rows a daily mean waits on (a day's and the allowed
 * lateness's worth per code): a byte of flags for validity and the values present, the hour as a
 * variable-length count of hours when it starts one, the count of readings variable-length, and
 * only the values present, the mean as a {@link Quotient} when it is one (an hourly mean mostly
 * is). Every field comes back exactly. State the POJO serializer wrote before
 * is migrated on restore.
 */
public final class HourEntrySerializer extends CompactSerializer<HourEntry> {
    private static final long serialVersionUID = 1L;

    public static final HourEntrySerializer INSTANCE = new HourEntrySerializer();

    /** Type information of the hourly rows a daily mean waits on: this serializer, not the POJO one. */
    public static final TypeInformation<HourEntry> TYPE =
            CompactTypeInfo.of(HourEntry.class, INSTANCE);

    private static final int VALID = 1, AVG = 2, ZS_AVG = 4, VOLUME = 8, EMISSION = 16;

    /** The period starts a whole hour (UTC+8 hours are whole UTC hours): written in hours. */
    private static final int IN_HOURS = 32;

    /**
     * The mean is written as a {@link Quotient}: its count (the difference from the count before
     * in a list) in the head, its ulps and sum's thousandths with the values, the sum in hundredths
     * when {@link #SUM_IN_HUNDREDTHS}.
     */
    private static final int AVG_QUOTIENT = 1 << 6, SUM_IN_HUNDREDTHS = 1 << 7;

    /**
     * The volume is the hour's mean stack gas or water flow times its hours' factor, and written
     * as that mean's quotient (as the mean's, in hundredths when {@link #VOLUME_IN_HUNDREDTHS}).
     */
    private static final int VOLUME_AIR = 1 << 8,
            VOLUME_WATER = 1 << 9,
            VOLUME_IN_HUNDREDTHS = 1 << 10;

    /** The mass is the mean times the volume times the kilograms' factor: not written. */
    private static final int EMISSION_AIR = 1 << 11, EMISSION_WATER = 1 << 12;

    /**
     * The reference O2 is there, in the head: in thousandths, or whole when {@link #O2_REF_WHOLE}.
     */
    private static final int O2_REF = 1 << 13, O2_REF_WHOLE = 1 << 14;

    /**
     * The corrected mean is the mean at the reference O2 for an O2 that is a quotient, and written
     * as that (in hundredths when {@link #O2_IN_HUNDREDTHS}).
     */
    private static final int ZS_O2 = 1 << 15, O2_IN_HUNDREDTHS = 1 << 16;

    @Override
    public HourEntry createInstance() {
        return new HourEntry();
    }

    @Override
    public HourEntry copy(HourEntry from) {
        HourEntry e = new HourEntry();
        e.periodStart = from.periodStart;
        e.valid = from.valid;
        e.avg = from.avg;
        e.zsAvg = from.zsAvg;
        e.volumeM3 = from.volumeM3;
        e.emissionKg = from.emissionKg;
        e.o2Ref = from.o2Ref;
        e.readings = from.readings;
        return e;
    }

    @Override
    public void serialize(HourEntry e, DataOutputView out) throws IOException {
        write(e, 0, out);
    }

    /**
     * Writes {@code e}, its hour (when it starts one) as the hours since {@code baseHour}: 0 alone,
     * the hour before's in a list of them ({@link HourEntriesSerializer}).
     */
    static void write(HourEntry e, long baseHour, DataOutputView out) throws IOException {
        write(e, baseHour, new Counts(), new Quotients(), out, out);
    }

    /**
     * The counts of the quotients of the entry before in a list: tried first, and those the
     * entry's counts are written as differences from.
     */
    static final class Counts {
        int avg;
        int flow;
        int o2;
    }

    /** An entry's mean, the mean flow of its volume and the O2 of its corrected mean. */
    static final class Quotients {
        final Quotient avg = new Quotient();
        final Quotient flow = new Quotient();
        final Quotient o2 = new Quotient();
    }

    /**
     * As {@link #write(HourEntry, long, DataOutputView)}, its flags, hour, count of readings,
     * reference O2 and its quotients' counts to {@code head} and its values to {@code out}.
     *
     * @param before the counts of the entry before, updated to this one's
     * @param q where the entry's quotients are found (reused)
     */
    static void write(
            HourEntry e,
            long baseHour,
            Counts before,
            Quotients q,
            DataOutputView head,
            DataOutputView out)
            throws IOException {
        boolean inHours = e.periodStart % LocalTimes.HOUR_MS == 0;
        int f =
                (e.valid ? VALID : 0)
                        | (e.avg != null ? AVG : 0)
                        | (e.zsAvg != null ? ZS_AVG : 0)
                        | (e.volumeM3 != null ? VOLUME : 0)
                        | (e.emissionKg != null ? EMISSION : 0)
                        | (inHours ? IN_HOURS : 0);
        if (e.avg != null && q.avg.find(e.avg, before.avg)) {
            f |= AVG_QUOTIENT | (q.avg.inHundredths() ? SUM_IN_HUNDREDTHS : 0);
        }
        if (e.volumeM3 != null) {
            if (q.flow.findScaled(e.volumeM3, HourlyMeanAggregate.AIR_M3_PER_FLOW, before.flow)) {
                f |= VOLUME_AIR;
            } else if (q.flow.findScaled(
                    e.volumeM3, HourlyMeanAggregate.WATER_M3_PER_FLOW, before.flow)) {
                f |= VOLUME_WATER;
            }
            if ((f & (VOLUME_AIR | VOLUME_WATER)) != 0 && q.flow.inHundredths()) {
                f |= VOLUME_IN_HUNDREDTHS;
            }
        }
        if (sameBits(mass(e, HourlyMeanAggregate.AIR_KG), e.emissionKg)) {
            f |= EMISSION_AIR;
        } else if (sameBits(mass(e, HourlyMeanAggregate.WATER_KG), e.emissionKg)) {
            f |= EMISSION_WATER;
        }
        long o2Ref = thousandths(e.o2Ref);
        if (e.o2Ref != null) {
            f |= O2_REF | (o2Ref == NOT_DECIMAL ? O2_REF_WHOLE : 0);
            if (e.zsAvg != null
                    && e.avg != null
                    && q.o2.findO2(e.zsAvg, e.avg, e.o2Ref, before.o2)) {
                f |= ZS_O2 | (q.o2.inHundredths() ? O2_IN_HUNDREDTHS : 0);
            }
        }
        writeUnsigned(f, head);
        if (inHours) {
            writeVarLong(e.periodStart / LocalTimes.HOUR_MS - baseHour, head);
        } else {
            head.writeLong(e.periodStart);
        }
        writeVarLong(e.readings, head);
        if ((f & O2_REF) != 0) {
            writeNumber(e.o2Ref, o2Ref, head);
        }
        boolean avgQuotient = (f & AVG_QUOTIENT) != 0;
        boolean flowQuotient = (f & (VOLUME_AIR | VOLUME_WATER)) != 0;
        boolean o2Quotient = (f & ZS_O2) != 0;
        if (avgQuotient) {
            writeVarLong(q.avg.count - before.avg, head);
            before.avg = q.avg.count;
        }
        if (flowQuotient) {
            writeVarLong(q.flow.count - before.flow, head);
            before.flow = q.flow.count;
        }
        if (o2Quotient) {
            writeVarLong(q.o2.count - before.o2, head);
            before.o2 = q.o2.count;
        }
        if (avgQuotient) {
            q.avg.writeSum((f & SUM_IN_HUNDREDTHS) != 0, out);
        } else {
            writeIfPresent(e.avg, out);
        }
        if (o2Quotient) {
            q.o2.writeSum((f & O2_IN_HUNDREDTHS) != 0, out);
        } else {
            writeIfPresent(e.zsAvg, out);
        }
        if (flowQuotient) {
            q.flow.writeSum((f & VOLUME_IN_HUNDREDTHS) != 0, out);
        } else {
            writeIfPresent(e.volumeM3, out);
        }
        if ((f & (EMISSION_AIR | EMISSION_WATER)) == 0) {
            writeIfPresent(e.emissionKg, out);
        }
    }

    /** The mass as the hourly mean makes it from the entry's mean and volume; null without them. */
    private static Double mass(HourEntry e, double kg) {
        return e.avg == null || e.volumeM3 == null
                ? null
                : HourlyMeanAggregate.mass(e.avg, e.volumeM3, kg);
    }

    /** Flags: a byte while they fit in seven bits, as every layout before wrote them. */
    static int readFlags(DataInputView in) throws IOException {
        return (int) readUnsigned(in);
    }

    @Override
    public HourEntry deserialize(DataInputView in) throws IOException {
        return read(0, in);
    }

    /** Reads an entry {@link #write} wrote with {@code baseHour}. */
    static HourEntry read(long baseHour, DataInputView in) throws IOException {
        int f = readFlags(in);
        HourEntry e = new HourEntry();
        Quotients q = new Quotients();
        readHead(f, baseHour, new Counts(), e, q, in);
        readValues(f, e, q, in);
        return e;
    }

    /**
     * Into {@code e}, an entry's hour, count of readings and reference O2 after its flags {@code
     * f}, and the counts of its quotients into {@code q}.
     *
     * @param before the counts of the entry before, updated to this one's
     */
    static void readHead(
            int f, long baseHour, Counts before, HourEntry e, Quotients q, DataInputView in)
            throws IOException {
        e.valid = (f & VALID) != 0;
        e.periodStart =
                (f & IN_HOURS) != 0
                        ? (baseHour + readVarLong(in)) * LocalTimes.HOUR_MS
                        : in.readLong();
        e.readings = (int) readVarLong(in);
        if ((f & O2_REF) != 0) {
            e.o2Ref = readNumber((f & O2_REF_WHOLE) == 0, in);
        }
        if ((f & AVG_QUOTIENT) != 0) {
            q.avg.count = before.avg += (int) readVarLong(in);
        }
        if ((f & (VOLUME_AIR | VOLUME_WATER)) != 0) {
            q.flow.count = before.flow += (int) readVarLong(in);
        }
        if ((f & ZS_O2) != 0) {
            q.o2.count = before.o2 += (int) readVarLong(in);
        }
    }

    /** The values that an entry's flags {@code f} say it has, its quotients' counts read. */
    static void readValues(int f, HourEntry e, Quotients q, DataInputView in) throws IOException {
        if ((f & AVG_QUOTIENT) != 0) {
            q.avg.readSum((f & SUM_IN_HUNDREDTHS) != 0, in);
            e.avg = q.avg.value();
        } else {
            e.avg = readIfPresent((f & AVG) != 0, in);
        }
        if ((f & ZS_O2) != 0) {
            q.o2.readSum((f & O2_IN_HUNDREDTHS) != 0, in);
            e.zsAvg = Codes.o2Corrected(e.avg, e.o2Ref, q.o2.value());
        } else {
            e.zsAvg = readIfPresent((f & ZS_AVG) != 0, in);
        }
        if ((f & (VOLUME_AIR | VOLUME_WATER)) != 0) {
            q.flow.readSum((f & VOLUME_IN_HUNDREDTHS) != 0, in);
            e.volumeM3 =
                    q.flow.value()
                            * ((f & VOLUME_AIR) != 0
                                    ? HourlyMeanAggregate.AIR_M3_PER_FLOW
                                    : HourlyMeanAggregate.WATER_M3_PER_FLOW);
        } else {
            e.volumeM3 = readIfPresent((f & VOLUME) != 0, in);
        }
        if ((f & EMISSION_AIR) != 0) {
            e.emissionKg = mass(e, HourlyMeanAggregate.AIR_KG);
        } else if ((f & EMISSION_WATER) != 0) {
            e.emissionKg = mass(e, HourlyMeanAggregate.WATER_KG);
        } else {
            e.emissionKg = readIfPresent((f & EMISSION) != 0, in);
        }
    }

    @Override
    public TypeSerializerSnapshot<HourEntry> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; state of the POJO serializer before is migrated. */
    public static final class Snapshot extends FromPojoSnapshot<HourEntry> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
