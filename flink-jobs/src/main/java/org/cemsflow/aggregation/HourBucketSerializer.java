package org.cemsflow.aggregation;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.readNumber;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeNumber;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.ingestion.ReadingSerializer;

/**
 * A compact serializer for a device's hour in the hourly state, which is read and written at every
 * upload when the state is in RocksDB and waits in it for the allowed lateness: a word of flags
 * saying which fields are there, the codes (a letter and five digits packed in a number) with
 * their accumulators ({@link CodeHourAccSerializer}), the minute records' offsets as differences from the one before (in
 * seconds when they are whole seconds: a byte each), then the device's fields and the counts,
 * variable-length. No reflection, and the offsets take a byte where the POJO serializer took four.
 * Every field comes back exactly, the map's iteration order too (a map of the same size, filled in
 * the same order, as Flink's map serializer does). The codes stand together, then their
 * accumulators' forms, counts and valid minutes, then their values: what repeats from one hour of a
 * device to the next stands together, where the snapshot's compression takes it in a few bytes.
 * Hours written with their codes as strings (before the flag that says they are packed), or with
 * each code's accumulators after it (before the flag that says they are in columns), still read;
 * state the POJO serializer wrote is migrated on restore.
 */
public final class HourBucketSerializer extends CompactSerializer<HourBucket> {
    private static final long serialVersionUID = 1L;

    public static final HourBucketSerializer INSTANCE = new HourBucketSerializer();

    /** Type information of the hourly state: this serializer, not the POJO one. */
    public static final TypeInformation<HourBucket> TYPE =
            CompactTypeInfo.of(HourBucket.class, INSTANCE);

    private static final int POINT = 1,
            UNIT = 2,
            O2_REF = 4,
            O2_REF_DECIMAL = 8,
            INTERVAL = 16,
            CORRECTED = 32,
            OFFSETS_IN_SECONDS = 64,
            NO_CODES = 128,
            NO_OFFSETS = 256,
            CODES_PACKED = 512,
            COLUMNS = 1024;

    private static final CodeHourAccSerializer ACCS = CodeHourAccSerializer.INSTANCE;

    @Override
    public HourBucket createInstance() {
        return new HourBucket();
    }

    @Override
    public HourBucket copy(HourBucket from) {
        HourBucket c = new HourBucket();
        if (from.codes == null) {
            c.codes = null;
        } else {
            c.codes = new HashMap<>(from.codes.size());
            for (Map.Entry<String, CodeHourAcc> e : from.codes.entrySet()) {
                c.codes.put(e.getKey(), e.getValue() == null ? null : ACCS.copy(e.getValue()));
            }
        }
        c.minuteRecordOffsets =
                from.minuteRecordOffsets == null ? null : from.minuteRecordOffsets.clone();
        c.pointId = from.pointId;
        c.unitId = from.unitId;
        c.o2Ref = from.o2Ref;
        c.minuteInterval = from.minuteInterval;
        c.readings = from.readings;
        c.revision = from.revision;
        c.corrected = from.corrected;
        return c;
    }

    @Override
    public void serialize(HourBucket b, DataOutputView out) throws IOException {
        long o2Ref = thousandths(b.o2Ref);
        int flags =
                (b.pointId != null ? POINT : 0)
                        | (b.unitId != null ? UNIT : 0)
                        | (b.o2Ref != null ? O2_REF : 0)
                        | (o2Ref != NOT_DECIMAL ? O2_REF_DECIMAL : 0)
                        | (b.minuteInterval != null ? INTERVAL : 0)
                        | (b.corrected ? CORRECTED : 0)
                        | (inWholeSeconds(b.minuteRecordOffsets) ? OFFSETS_IN_SECONDS : 0)
                        | (b.codes == null ? NO_CODES : 0)
                        | (b.minuteRecordOffsets == null ? NO_OFFSETS : 0)
                        | CODES_PACKED
                        | COLUMNS;
        writeVarLong(flags, out);
        if (b.codes != null) {
            writeVarLong(b.codes.size(), out);
            DataOutputSerializer heads = new DataOutputSerializer(8 * b.codes.size() + 8);
            DataOutputSerializer numbers = new DataOutputSerializer(16 * b.codes.size() + 8);
            for (Map.Entry<String, CodeHourAcc> e : b.codes.entrySet()) {
                if (e.getValue() == null) {
                    throw new IOException("an hour without accumulators for " + e.getKey());
                }
                writeCode(e.getKey(), out);
                ACCS.serialize(e.getValue(), heads, numbers);
            }
            writeVarLong(heads.length(), out);
            out.write(heads.getSharedBuffer(), 0, heads.length());
            out.write(numbers.getSharedBuffer(), 0, numbers.length());
        }
        if (b.minuteRecordOffsets != null) {
            int unit = (flags & OFFSETS_IN_SECONDS) != 0 ? 1000 : 1;
            writeVarLong(b.minuteRecordOffsets.length, out);
            long previous = 0;
            for (int o : b.minuteRecordOffsets) {
                writeVarLong((o - previous) / unit, out);
                previous = o;
            }
        }
        if (b.pointId != null) {
            StringValue.writeString(b.pointId, out);
        }
        if (b.unitId != null) {
            StringValue.writeString(b.unitId, out);
        }
        if (b.o2Ref != null) {
            writeNumber(b.o2Ref, o2Ref, out);
        }
        if (b.minuteInterval != null) {
            writeVarLong(b.minuteInterval, out);
        }
        writeVarLong(b.readings, out);
        writeVarLong(b.revision, out);
    }

    /**
     * A code as HJ 212-2017 spells them, a letter and five digits ({@code a21026}), as one number:
     * the digits times 32 plus the letter (a to z: 1 to 26), written as that number plus one, in
     * three bytes mostly instead of seven; any other code as a zero and then the string.
     */
    private static void writeCode(String code, DataOutputView out) throws IOException {
        long packed = packed(code);
        if (packed >= 0) {
            writeVarLong(packed + 1, out);
        } else {
            writeVarLong(0, out);
            StringValue.writeString(code, out);
        }
    }

    private static String readCode(DataInputView in) throws IOException {
        long v = readVarLong(in);
        if (v == 0) {
            return ReadingSerializer.readString(in);
        }
        long packed = v - 1;
        int letter = (int) (packed % 32);
        long digits = packed / 32;
        if (letter < 1 || letter > 26 || digits > 99_999) {
            throw new IOException("no code is packed as " + packed);
        }
        char[] c = new char[6];
        c[0] = (char) ('a' + letter - 1);
        for (int i = 5; i >= 1; i--) {
            c[i] = (char) ('0' + digits % 10);
            digits /= 10;
        }
        return new String(c);
    }

    /** The packed number of a letter and five digits; -1 for any other code. */
    static long packed(String code) {
        if (code == null || code.length() != 6 || code.charAt(0) < 'a' || code.charAt(0) > 'z') {
            return -1;
        }
        long digits = 0;
        for (int i = 1; i < 6; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            digits = digits * 10 + (c - '0');
        }
        return digits * 32 + (code.charAt(0) - 'a' + 1);
    }

    private static boolean inWholeSeconds(int[] offsets) {
        if (offsets == null) {
            return false;
        }
        for (int o : offsets) {
            if (o % 1000 != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public HourBucket deserialize(DataInputView in) throws IOException {
        HourBucket b = new HourBucket();
        int flags = (int) readVarLong(in);
        if ((flags & NO_CODES) != 0) {
            b.codes = null;
        } else {
            int n = (int) readVarLong(in);
            b.codes = new HashMap<>(n);
            boolean packed = (flags & CODES_PACKED) != 0;
            if ((flags & COLUMNS) != 0) {
                String[] codes = new String[n];
                for (int i = 0; i < n; i++) {
                    codes[i] = readCode(in);
                }
                byte[] heads = new byte[(int) readVarLong(in)];
                in.readFully(heads);
                DataInputDeserializer head = new DataInputDeserializer(heads);
                for (String code : codes) {
                    b.codes.put(code, ACCS.deserialize(head, in));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    String code = packed ? readCode(in) : ReadingSerializer.readString(in);
                    b.codes.put(code, ACCS.deserialize(in));
                }
            }
        }
        if ((flags & NO_OFFSETS) != 0) {
            b.minuteRecordOffsets = null;
        } else {
            int unit = (flags & OFFSETS_IN_SECONDS) != 0 ? 1000 : 1;
            int[] offsets = new int[(int) readVarLong(in)];
            long previous = 0;
            for (int i = 0; i < offsets.length; i++) {
                previous += readVarLong(in) * unit;
                offsets[i] = (int) previous;
            }
            b.minuteRecordOffsets = offsets;
        }
        b.pointId = (flags & POINT) != 0 ? ReadingSerializer.readString(in) : null;
        b.unitId = (flags & UNIT) != 0 ? ReadingSerializer.readString(in) : null;
        b.o2Ref = (flags & O2_REF) != 0 ? readNumber((flags & O2_REF_DECIMAL) != 0, in) : null;
        b.minuteInterval = (flags & INTERVAL) != 0 ? (int) readVarLong(in) : null;
        b.corrected = (flags & CORRECTED) != 0;
        b.readings = (int) readVarLong(in);
        b.revision = (int) readVarLong(in);
        return b;
    }

    @Override
    public TypeSerializerSnapshot<HourBucket> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; state of the POJO serializer before is migrated. */
    public static final class Snapshot extends FromPojoSnapshot<HourBucket> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
