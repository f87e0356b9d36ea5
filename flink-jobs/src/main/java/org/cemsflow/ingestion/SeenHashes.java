package org.cemsflow.ingestion;

import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.time.LocalTimes;

/**
 * The identities of a period's frames as the frame gate keeps them.
 *
 * <p>An identity is a frame's CN and the second of its DataTime within the period, exactly, with
 * 32 bits of a hash of its items: two frames count as one only when CN and second are the same
 * and so are those bits. Frames of one device, CN and second that differ are rare (corrected
 * uploads: 56 of 73,194 keys in nine real hours), and each such pair is taken for one by chance
 * once in 2^32. A checkpoint holds about 5 bytes a frame, and 4 compressed where a device uploads
 * at a steady rate: the period's identities sorted, each the difference from the one before in a
 * byte or two, and their 32 bits ({@link Serializer}).
 *
 * <p>In memory a period is a {@code long[]}: slot 0 the count (and the legacy flag), the
 * identities after it, sorted, then free slots, so that adding one copies nothing while there is
 * room (the array doubles when full).
 *
 * <p>Periods that a savepoint of the earlier layout holds (64-bit hashes of the whole frame, in
 * the plain {@code long[]} serializer's bytes) are read as <em>legacy</em> periods: the gate
 * checks and adds those hashes to them until their period is forgotten, within the allowed
 * lateness, so a retransmission across the upgrade is still one. They are written as they were
 * read.
 */
public final class SeenHashes {
    private SeenHashes() {}

    /** State type of the identities of a period. */
    public static final TypeInformation<long[]> TYPE =
            CompactTypeInfo.of(long[].class, Serializer.INSTANCE);

    /** Slot 0's flag of a period of 64-bit hashes, as the earlier layout kept them. */
    private static final long LEGACY = 1L << 62;

    private static final long COUNT = 0x7FFF_FFFFL;

    /** CN values are four digits; a part of a split packet has its own range above them. */
    private static final int CNS = 10_000;

    /**
     * The identity of a frame.
     *
     * @param cn its CN
     * @param part whether it is one part of a split packet
     * @param time its DataTime (else the time the gate gave it); its second of the day tells the
     *     frames of a period apart, since a period (an hour or a day) is at most a day long
     * @param itemsHash a hash of its items ({@code Hj212Frame#itemsHash}, and a part's QN and PNO)
     */
    public static long identity(int cn, boolean part, long time, long itemsHash) {
        long second = Math.floorMod(time, LocalTimes.DAY_MS) / 1000;
        long kind = Math.floorMod(cn, CNS) + (part ? CNS : 0);
        long tag = kind * (LocalTimes.DAY_MS / 1000) + second; // under 2^31
        return tag << 32 | ((itemsHash ^ (itemsHash >>> 32)) & 0xFFFF_FFFFL);
    }

    /** A frame's 64-bit hash as a legacy period keeps it (0, which marked a free slot, as 1). */
    public static long legacyHash(long hash) {
        return hash == 0 ? 1 : hash;
    }

    /** The number of identities kept. */
    static int used(long[] seen) {
        return (int) (seen[0] & COUNT);
    }

    /** Whether the period holds 64-bit hashes of the earlier layout. */
    public static boolean legacy(long[] seen) {
        return (seen[0] & LEGACY) != 0;
    }

    /** A period's first identity. */
    public static long[] of(long identity) {
        long[] seen = new long[4];
        seen[0] = 1;
        seen[1] = identity;
        return seen;
    }

    /** A legacy period (an earlier layout's hashes), for tests. */
    static long[] legacyOf(long... hashes) {
        long[] seen = new long[hashes.length + 1];
        seen[0] = LEGACY | hashes.length;
        System.arraycopy(hashes, 0, seen, 1, hashes.length);
        return seen;
    }

    /** Whether the identity (a 64-bit hash in a legacy period) is among those seen. */
    public static boolean contains(long[] seen, long identity) {
        int n = used(seen);
        if (legacy(seen)) {
            for (int i = 1; i <= n; i++) {
                if (seen[i] == identity) {
                    return true;
                }
            }
            return false;
        }
        return Arrays.binarySearch(seen, 1, n + 1, identity) >= 0;
    }

    /** {@code seen} with the identity added (itself when it had a free slot). */
    public static long[] add(long[] seen, long identity) {
        int n = used(seen);
        long[] out = n + 1 < seen.length ? seen : Arrays.copyOf(seen, Math.max(4, 2 * n + 1));
        int at = n + 1;
        if (!legacy(seen)) {
            // frames mostly come in time order: the identity usually goes at or near the end
            while (at > 1 && out[at - 1] > identity) {
                out[at] = out[at - 1];
                at--;
            }
        }
        out[at] = identity;
        out[0] = seen[0] + 1;
        return out;
    }

    /** The identities but one; null when none is left. */
    public static long[] remove(long[] seen, long identity) {
        int n = used(seen);
        long[] kept = new long[n + 1];
        int k = 0;
        for (int i = 1; i <= n; i++) {
            if (seen[i] != identity) {
                kept[++k] = seen[i];
            }
        }
        kept[0] = (seen[0] & LEGACY) | k;
        return k == 0 ? null : kept;
    }

    /**
     * A period's identities, sorted: a count, then the upper half of each (CN and second) as its
     * difference from the one before, then the lower halves (the hash bits). The differences
     * stand together because they repeat where a device uploads at a steady rate, and the
     * snapshot's compression takes a run of them in a few bytes; between the random hash bits it
     * found nothing to take. A count of {@link #COLUMNS} and more marks that layout; one from
     * -2^30 to -1 the layout before (each identity's difference, then its hash bits), which is
     * still read. A legacy period is written as the plain {@code long[]}
     * serializer wrote the earlier layout (a count of zero or more, then the hashes), and read
     * back as legacy.
     */
    public static final class Serializer extends CompactSerializer<long[]> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public long[] createInstance() {
            return of(0);
        }

        @Override
        public long[] copy(long[] from) {
            return from.clone();
        }

        @Override
        public void serialize(long[] seen, DataOutputView out) throws IOException {
            int n = used(seen);
            if (legacy(seen)) {
                out.writeInt(n);
                for (int i = 1; i <= n; i++) {
                    out.writeLong(seen[i]);
                }
                return;
            }
            out.writeInt(COLUMNS + n);
            long tag = 0;
            for (int i = 1; i <= n; i++) {
                long next = seen[i] >>> 32;
                writeVarLong(next - tag, out);
                tag = next;
            }
            for (int i = 1; i <= n; i++) {
                out.writeInt((int) seen[i]);
            }
        }

        /**
         * The count of a period in columns, and more: below what the layout before wrote (-1 less
         * its count) for any period that fits in memory.
         */
        static final int COLUMNS = Integer.MIN_VALUE;

        private static final int LAYOUT_BEFORE = -(1 << 30);

        /** As the layout before wrote a period (for tests of its reading). */
        static void serializeRows(long[] seen, DataOutputView out) throws IOException {
            int n = used(seen);
            out.writeInt(-1 - n);
            long tag = 0;
            for (int i = 1; i <= n; i++) {
                long next = seen[i] >>> 32;
                writeVarLong(next - tag, out);
                out.writeInt((int) seen[i]);
                tag = next;
            }
        }

        @Override
        public long[] deserialize(DataInputView in) throws IOException {
            int count = in.readInt();
            if (count >= 0) {
                long[] seen = new long[count + 1];
                seen[0] = LEGACY | count;
                for (int i = 1; i <= count; i++) {
                    seen[i] = in.readLong();
                }
                return seen;
            }
            if (count >= LAYOUT_BEFORE) {
                int n = -1 - count;
                long[] seen = new long[n + 1];
                seen[0] = n;
                long tag = 0;
                for (int i = 1; i <= n; i++) {
                    tag += readVarLong(in);
                    seen[i] = tag << 32 | (in.readInt() & 0xFFFF_FFFFL);
                }
                return seen;
            }
            int n = count - COLUMNS;
            long[] seen = new long[n + 1];
            seen[0] = n;
            long tag = 0;
            for (int i = 1; i <= n; i++) {
                tag += readVarLong(in);
                seen[i] = tag << 32;
            }
            for (int i = 1; i <= n; i++) {
                seen[i] |= in.readInt() & 0xFFFF_FFFFL;
            }
            return seen;
        }

        @Override
        public TypeSerializerSnapshot<long[]> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /**
     * Reads state the plain {@code long[]} serializer wrote as it is: those bytes are a legacy
     * period's.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<long[]> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<long[]> resolveSchemaCompatibility(
                TypeSerializerSnapshot<long[]> old) {
            if (old instanceof LongPrimitiveArraySerializer.LongPrimitiveArraySerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }

    /** The type the identities had before: for tests of a restore. */
    static final TypeInformation<long[]> PLAIN = TypeInformation.of(long[].class);
}
