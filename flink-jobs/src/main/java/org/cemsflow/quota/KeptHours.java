package org.cemsflow.quota;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.readNumber;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeNumber;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.time.LocalTimes;

/**
 * The masses of a quota key's hours that a late correction can still replace, by point (MN) and
 * hour: one state value per key. They were a map entry per point and hour, whose key string
 * ({@code mn|hourStart}) and boxed array were most of the quota tracker's state. A checkpoint
 * holds each point's MN once, and each hour as a byte of flags, the point's number, the hours
 * since the hour before and its two masses (in thousandths when they are decimals of up to three
 * places, else whole). Every value reads back bit for bit.
 */
public final class KeptHours {
    private final List<String> mns = new ArrayList<>();
    private int size;
    private int[] point = new int[4];
    private long[] hourStart = new long[4];
    private double[] measured = new double[4];
    private double[] substituted = new double[4];

    /** State type: {@link Serializer}. */
    public static final TypeInformation<KeptHours> TYPE =
            CompactTypeInfo.of(KeptHours.class, Serializer.INSTANCE);

    public int size() {
        return size;
    }

    /** The index of point {@code p}'s hour, or -1. */
    private int find(int p, long hour) {
        for (int i = 0; p >= 0 && i < size; i++) {
            if (point[i] == p && hourStart[i] == hour) {
                return i;
            }
        }
        return -1;
    }

    /** The kept masses of that point's hour, {measured, substituted}, or null. */
    public double[] get(String mn, long hour) {
        int i = find(mns.indexOf(mn), hour);
        return i < 0 ? null : new double[] {measured[i], substituted[i]};
    }

    /** Keeps the masses of that point's hour, replacing those kept before. */
    public void put(String mn, long hour, double measuredKg, double substitutedKg) {
        int p = mns.indexOf(mn);
        int i = find(p, hour);
        if (i < 0) {
            if (p < 0) {
                p = mns.size();
                mns.add(mn);
            }
            if (size == point.length) {
                int n = 2 * size;
                point = Arrays.copyOf(point, n);
                hourStart = Arrays.copyOf(hourStart, n);
                measured = Arrays.copyOf(measured, n);
                substituted = Arrays.copyOf(substituted, n);
            }
            i = size++;
            point[i] = p;
            hourStart[i] = hour;
        }
        measured[i] = measuredKg;
        substituted[i] = substitutedKg;
    }

    /** The start of the earliest hour kept, or null when none is. */
    public Long oldest() {
        if (size == 0) {
            return null;
        }
        long min = hourStart[0];
        for (int i = 1; i < size; i++) {
            min = Math.min(min, hourStart[i]);
        }
        return min;
    }

    /** Forgets the hours that start at or before {@code latest}; true when none is left. */
    public boolean forgetUpTo(long latest) {
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (hourStart[i] > latest) {
                point[k] = point[i];
                hourStart[k] = hourStart[i];
                measured[k] = measured[i];
                substituted[k] = substituted[i];
                k++;
            }
        }
        size = k;
        return size == 0;
    }

    /** Flags of a kept hour: its start a whole hour, its masses decimals. */
    private static final int WHOLE_HOUR = 1, MEASURED_DECIMAL = 2, SUBSTITUTED_DECIMAL = 4;

    /** Writes {@link KeptHours} as its class comment says. */
    public static final class Serializer extends CompactSerializer<KeptHours> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public KeptHours createInstance() {
            return new KeptHours();
        }

        @Override
        public KeptHours copy(KeptHours from) {
            KeptHours k = new KeptHours();
            k.mns.addAll(from.mns);
            k.size = from.size;
            k.point = from.point.clone();
            k.hourStart = from.hourStart.clone();
            k.measured = from.measured.clone();
            k.substituted = from.substituted.clone();
            return k;
        }

        @Override
        public void serialize(KeptHours k, DataOutputView out) throws IOException {
            writeVarLong(k.mns.size(), out);
            for (String mn : k.mns) {
                StringValue.writeString(mn, out);
            }
            writeVarLong(k.size, out);
            long hour = 0;
            for (int i = 0; i < k.size; i++) {
                boolean whole = k.hourStart[i] % LocalTimes.HOUR_MS == 0;
                long m = thousandths(k.measured[i]), s = thousandths(k.substituted[i]);
                out.writeByte(
                        (whole ? WHOLE_HOUR : 0)
                                | (m != NOT_DECIMAL ? MEASURED_DECIMAL : 0)
                                | (s != NOT_DECIMAL ? SUBSTITUTED_DECIMAL : 0));
                writeVarLong(k.point[i], out);
                if (whole) {
                    long h = k.hourStart[i] / LocalTimes.HOUR_MS;
                    writeVarLong(h - hour, out);
                    hour = h;
                } else {
                    out.writeLong(k.hourStart[i]);
                }
                writeNumber(k.measured[i], m, out);
                writeNumber(k.substituted[i], s, out);
            }
        }

        @Override
        public KeptHours deserialize(DataInputView in) throws IOException {
            KeptHours k = new KeptHours();
            int points = (int) readVarLong(in);
            for (int p = 0; p < points; p++) {
                k.mns.add(StringValue.readString(in));
            }
            int n = (int) readVarLong(in);
            k.size = n;
            k.point = new int[Math.max(4, n)];
            k.hourStart = new long[Math.max(4, n)];
            k.measured = new double[Math.max(4, n)];
            k.substituted = new double[Math.max(4, n)];
            long hour = 0;
            for (int i = 0; i < n; i++) {
                int flags = in.readUnsignedByte();
                k.point[i] = (int) readVarLong(in);
                if ((flags & WHOLE_HOUR) != 0) {
                    hour += readVarLong(in);
                    k.hourStart[i] = hour * LocalTimes.HOUR_MS;
                } else {
                    k.hourStart[i] = in.readLong();
                }
                k.measured[i] = readNumber((flags & MEASURED_DECIMAL) != 0, in);
                k.substituted[i] = readNumber((flags & SUBSTITUTED_DECIMAL) != 0, in);
            }
            return k;
        }

        @Override
        public TypeSerializerSnapshot<KeptHours> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeptHours> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
