package org.cemsflow.ingestion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;

/**
 * A compact binary serializer for readings, the most frequent record between operators: a bitmask
 * of the optional fields present, then the fields, without Avro's schema resolution (which the
 * profile showed taking half of a local run). The wire contract on Kafka stays Avro.
 */
public final class ReadingSerializer extends CompactSerializer<Reading> {
    private static final long serialVersionUID = 1L;
    public static final ReadingSerializer INSTANCE = new ReadingSerializer();

    /** Type information of readings between operators: this serializer, not Avro's. */
    public static final TypeInformation<Reading> TYPE = CompactTypeInfo.of(Reading.class, INSTANCE);

    private static final RecordKind[] KINDS = RecordKind.values();

    /**
     * A reading is not changed once made: the frame gate (or a local run's enrichment) completes it
     * before it goes out, and nothing downstream sets a field. So copies between chained operators
     * and of heap state share the instance; the profile showed the copies (one per reading and
     * chained consumer, several per frame) as 5 % of the job.
     */
    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public Reading createInstance() {
        return new Reading();
    }

    @Override
    public Reading copy(Reading from) {
        return from;
    }

    private static Double[] doubles(Reading r) {
        return new Double[] {
            r.getRtd(),
            r.getMin(),
            r.getAvg(),
            r.getMax(),
            r.getCou(),
            r.getZsRtd(),
            r.getZsMin(),
            r.getZsAvg(),
            r.getZsMax(),
            r.getZsCou(),
            r.getAla(),
            r.getO2Ref()
        };
    }

    @Override
    public void serialize(Reading r, DataOutputView out) throws IOException {
        Double[] d = doubles(r);
        out.writeShort(mask(r, d));
        StringValue.writeString(r.getMn(), out);
        StringValue.writeString(r.getSt(), out);
        out.writeInt(r.getCn());
        out.writeByte(r.getKind().ordinal());
        StringValue.writeString(r.getCode(), out);
        out.writeLong(r.getDataTime());
        out.writeShort(r.getProtocolVersion());
        StringValue.writeString(r.getFlag(), out);
        StringValue.writeString(r.getPointId(), out);
        StringValue.writeString(r.getUnitId(), out);
        writeNumbers(r, d, out);
    }

    @Override
    public Reading deserialize(DataInputView in) throws IOException {
        int mask = in.readShort() & 0xFFFF;
        Reading r = new Reading();
        r.setMn(readString(in));
        r.setSt(readString(in));
        r.setCn(in.readInt());
        r.setKind(KINDS[in.readByte()]);
        r.setCode(readString(in));
        r.setDataTime(in.readLong());
        r.setProtocolVersion((int) in.readShort());
        r.setFlag(readString(in));
        r.setPointId(readString(in));
        r.setUnitId(readString(in));
        readNumbers(r, mask, in);
        return r;
    }

    /**
     * Whether two readings share the fields of an upload: MN, ST, CN, kind, DataTime, protocol
     * version, point and unit ({@link #serializeShared}).
     */
    public static boolean shareUpload(Reading x, Reading y) {
        return x.getDataTime() == y.getDataTime()
                && x.getCn() == y.getCn()
                && x.getKind() == y.getKind()
                && x.getProtocolVersion() == y.getProtocolVersion()
                && Objects.equals(x.getMn(), y.getMn())
                && Objects.equals(x.getSt(), y.getSt())
                && Objects.equals(x.getPointId(), y.getPointId())
                && Objects.equals(x.getUnitId(), y.getUnitId());
    }

    /**
     * The fields the readings of an upload share ({@link #shareUpload}), written once for them;
     * each reading then writes its own ({@link #serializeOwn}). Files of run-local's sorts only:
     * this layout is in no state.
     */
    public void serializeShared(Reading r, DataOutputView out) throws IOException {
        StringValue.writeString(r.getMn(), out);
        StringValue.writeString(r.getSt(), out);
        out.writeInt(r.getCn());
        out.writeByte(r.getKind().ordinal());
        out.writeLong(r.getDataTime());
        out.writeShort(r.getProtocolVersion());
        StringValue.writeString(r.getPointId(), out);
        StringValue.writeString(r.getUnitId(), out);
    }

    /** A reading's own fields, after its upload's shared ones: its code, flag and numbers. */
    public void serializeOwn(Reading r, DataOutputView out) throws IOException {
        Double[] d = doubles(r);
        out.writeShort(mask(r, d));
        StringValue.writeString(r.getCode(), out);
        StringValue.writeString(r.getFlag(), out);
        writeNumbers(r, d, out);
    }

    /** The shared fields ({@link #serializeShared}), in a reading that holds nothing else. */
    public Reading deserializeShared(DataInputView in) throws IOException {
        Reading shared = new Reading();
        shared.setMn(readString(in));
        shared.setSt(readString(in));
        shared.setCn(in.readInt());
        shared.setKind(KINDS[in.readByte()]);
        shared.setDataTime(in.readLong());
        shared.setProtocolVersion((int) in.readShort());
        shared.setPointId(readString(in));
        shared.setUnitId(readString(in));
        return shared;
    }

    /** A reading of the upload whose fields {@code shared} holds ({@link #serializeOwn}). */
    public Reading deserializeOwn(Reading shared, DataInputView in) throws IOException {
        int mask = in.readShort() & 0xFFFF;
        Reading r = new Reading();
        r.setMn(shared.getMn());
        r.setSt(shared.getSt());
        r.setCn(shared.getCn());
        r.setKind(shared.getKind());
        r.setCode(readString(in));
        r.setDataTime(shared.getDataTime());
        r.setProtocolVersion(shared.getProtocolVersion());
        r.setFlag(readString(in));
        r.setPointId(shared.getPointId());
        r.setUnitId(shared.getUnitId());
        readNumbers(r, mask, in);
        return r;
    }

    /** Which numbers ({@code d}, its {@link #doubles}) a reading has, and its back-filled flag. */
    private static int mask(Reading r, Double[] d) {
        int mask = 0;
        for (int i = 0; i < d.length; i++) {
            if (d[i] != null) {
                mask |= 1 << i;
            }
        }
        mask |= (r.getRs() != null ? 1 : 0) << 12;
        mask |= (r.getSampleTime() != null ? 1 : 0) << 13;
        mask |= (r.getMinuteInterval() != null ? 1 : 0) << 14;
        mask |= (r.getBackfilled() ? 1 : 0) << 15;
        return mask;
    }

    private static void writeNumbers(Reading r, Double[] d, DataOutputView out) throws IOException {
        for (Double v : d) {
            if (v != null) {
                out.writeDouble(v);
            }
        }
        if (r.getRs() != null) {
            out.writeInt(r.getRs());
        }
        if (r.getSampleTime() != null) {
            out.writeLong(r.getSampleTime());
        }
        if (r.getMinuteInterval() != null) {
            out.writeInt(r.getMinuteInterval());
        }
    }

    private static void readNumbers(Reading r, int mask, DataInputView in) throws IOException {
        Double[] d = new Double[12];
        for (int i = 0; i < d.length; i++) {
            if ((mask & (1 << i)) != 0) {
                d[i] = in.readDouble();
            }
        }
        r.setRtd(d[0]);
        r.setMin(d[1]);
        r.setAvg(d[2]);
        r.setMax(d[3]);
        r.setCou(d[4]);
        r.setZsRtd(d[5]);
        r.setZsMin(d[6]);
        r.setZsAvg(d[7]);
        r.setZsMax(d[8]);
        r.setZsCou(d[9]);
        r.setAla(d[10]);
        r.setO2Ref(d[11]);
        r.setRs((mask & (1 << 12)) != 0 ? in.readInt() : null);
        r.setSampleTime((mask & (1 << 13)) != 0 ? in.readLong() : null);
        r.setMinuteInterval((mask & (1 << 14)) != 0 ? in.readInt() : null);
        r.setBackfilled((mask & (1 << 15)) != 0);
    }

    /** Longest string looked up in {@link #SHARED}: MNs, codes, flags, point and unit ids. */
    private static final int SHARED_MAX_LENGTH = 40;

    /**
     * A direct-mapped cache of the short ASCII strings read last (a slot per hash of their bytes):
     * a device's MN, its point and unit, codes and flags recur in every reading, and the readings
     * that wait in state (hour buckets, buffers, rows) then share one instance each instead of
     * holding a copy apiece (most of a local run's heap); only the bytes read are garbage. Strings
     * are immutable, so threads may race on a slot: each sees some valid string or none.
     */
    private static final String[] SHARED = new String[1 << 16];

    /**
     * {@link StringValue#readString}'s format (so state and savepoints written before read the
     * same), without its thread-local buffer, whose look-up the profile showed as the largest single
     * cost of deserializing a reading. ASCII text (codes, MNs, flags) becomes a Latin-1 string
     * without a char array, a short one the instance {@link #SHARED} holds when it is the same text.
     */
    public static String readString(DataInputView in) throws IOException {
        int len = readVarInt(in, in.readUnsignedByte());
        if (len == 0) {
            return null;
        }
        len -= 1; // the length is written plus one: zero is null
        byte[] ascii = new byte[len];
        int hash = len;
        for (int i = 0; i < len; i++) {
            int c = in.readUnsignedByte();
            if (c >= 0x80) {
                char[] chars = new char[len];
                for (int j = 0; j < i; j++) {
                    chars[j] = (char) ascii[j];
                }
                chars[i] = (char) readVarInt(in, c);
                for (int j = i + 1; j < len; j++) {
                    chars[j] = (char) readVarInt(in, in.readUnsignedByte());
                }
                return new String(chars);
            }
            ascii[i] = (byte) c;
            hash = 31 * hash + c;
        }
        if (len > SHARED_MAX_LENGTH) {
            return new String(ascii, StandardCharsets.ISO_8859_1);
        }
        int slot = (hash ^ (hash >>> 16)) & (SHARED.length - 1);
        String known = SHARED[slot];
        if (known != null && sameText(known, ascii)) {
            return known;
        }
        String made = new String(ascii, StandardCharsets.ISO_8859_1);
        SHARED[slot] = made;
        return made;
    }

    private static boolean sameText(String s, byte[] ascii) {
        if (s.length() != ascii.length) {
            return false;
        }
        for (int i = 0; i < ascii.length; i++) {
            if (s.charAt(i) != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** A number in 7-bit groups, low first, the high bit set on every group but the last. */
    private static int readVarInt(DataInputView in, int first) throws IOException {
        if (first < 0x80) {
            return first;
        }
        int value = first & 0x7f;
        int shift = 7;
        int curr;
        while ((curr = in.readUnsignedByte()) >= 0x80) {
            value |= (curr & 0x7f) << shift;
            shift += 7;
        }
        return value | curr << shift;
    }

    @Override
    public TypeSerializerSnapshot<Reading> snapshotConfiguration() {
        return new ReadingSerializerSnapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class ReadingSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<Reading> {
        public ReadingSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
