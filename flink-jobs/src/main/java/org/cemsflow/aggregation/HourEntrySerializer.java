package org.cemsflow.aggregation;

import static org.cemsflow.ingestion.CompactNumbers.readIfPresent;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.writeIfPresent;
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
 * A compact serializer for the hourly rows a daily mean waits on (a day's and the allowed
 * lateness's worth per code): a byte of flags for validity and the values present, the hour as a
 * variable-length count of hours when it starts one, the count of readings variable-length, and
 * only the values present. Every field comes back exactly. State the POJO serializer wrote before
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
        write(e, baseHour, out, out);
    }

    /**
     * As {@link #write(HourEntry, long, DataOutputView)}, its flags, hour and count of readings to
     * {@code head} and its values to {@code out}.
     */
    static void write(HourEntry e, long baseHour, DataOutputView head, DataOutputView out)
            throws IOException {
        boolean inHours = e.periodStart % LocalTimes.HOUR_MS == 0;
        head.writeByte(
                (e.valid ? VALID : 0)
                        | (e.avg != null ? AVG : 0)
                        | (e.zsAvg != null ? ZS_AVG : 0)
                        | (e.volumeM3 != null ? VOLUME : 0)
                        | (e.emissionKg != null ? EMISSION : 0)
                        | (inHours ? IN_HOURS : 0));
        if (inHours) {
            writeVarLong(e.periodStart / LocalTimes.HOUR_MS - baseHour, head);
        } else {
            head.writeLong(e.periodStart);
        }
        writeVarLong(e.readings, head);
        writeIfPresent(e.avg, out);
        writeIfPresent(e.zsAvg, out);
        writeIfPresent(e.volumeM3, out);
        writeIfPresent(e.emissionKg, out);
    }

    @Override
    public HourEntry deserialize(DataInputView in) throws IOException {
        return read(0, in);
    }

    /** Reads an entry {@link #write} wrote with {@code baseHour}. */
    static HourEntry read(long baseHour, DataInputView in) throws IOException {
        int f = in.readUnsignedByte();
        HourEntry e = readHead(f, baseHour, in);
        readValues(f, e, in);
        return e;
    }

    /** An entry's hour and count of readings, after its flags {@code f}. */
    static HourEntry readHead(int f, long baseHour, DataInputView in) throws IOException {
        HourEntry e = new HourEntry();
        e.valid = (f & VALID) != 0;
        e.periodStart =
                (f & IN_HOURS) != 0
                        ? (baseHour + readVarLong(in)) * LocalTimes.HOUR_MS
                        : in.readLong();
        e.readings = (int) readVarLong(in);
        return e;
    }

    /** The values that an entry's flags {@code f} say it has. */
    static void readValues(int f, HourEntry e, DataInputView in) throws IOException {
        e.avg = readIfPresent((f & AVG) != 0, in);
        e.zsAvg = readIfPresent((f & ZS_AVG) != 0, in);
        e.volumeM3 = readIfPresent((f & VOLUME) != 0, in);
        e.emissionKg = readIfPresent((f & EMISSION) != 0, in);
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
