package org.cemsflow.ingestion;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The identities of a period's frames as the frame gate keeps them: a {@code long[]} whose used
 * slots come first and whose free slots (0) follow, so that adding one is amortised constant
 * (the array doubles when full) instead of a copy of the period's identities per frame. An identity
 * of 0 is kept as 1, since 0 marks a free slot (one hash in 2^64 shares its identity with
 * another). Only the used slots are written: the bytes are those of the plain {@code long[]}
 * serializer, which wrote this state before, and read back as they are.
 */
public final class SeenHashes {
    private SeenHashes() {}

    /** State type of the identities of a period. */
    public static final TypeInformation<long[]> TYPE =
            CompactTypeInfo.of(long[].class, Serializer.INSTANCE);

    private static long slot(long hash) {
        return hash == 0 ? 1 : hash;
    }

    /** The used slots: those before the first free one. */
    static int used(long[] seen) {
        int lo = 0;
        int hi = seen.length;
        while (lo < hi) { // used slots are never 0, free ones always
            int mid = (lo + hi) >>> 1;
            if (seen[mid] != 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A period's first identity. */
    public static long[] of(long hash) {
        long[] seen = new long[4];
        seen[0] = slot(hash);
        return seen;
    }

    /** Whether the identity is among those seen. */
    public static boolean contains(long[] seen, long hash) {
        long h = slot(hash);
        for (long s : seen) {
            if (s == h) {
                return true;
            }
            if (s == 0) {
                return false;
            }
        }
        return false;
    }

    /** {@code seen} with the identity added (itself when it had a free slot). */
    public static long[] add(long[] seen, long hash) {
        int n = used(seen);
        long[] out = n < seen.length ? seen : Arrays.copyOf(seen, Math.max(4, 2 * n));
        out[n] = slot(hash);
        return out;
    }

    /** The identities but one, without free slots; null when none is left. */
    public static long[] remove(long[] seen, long hash) {
        long h = slot(hash);
        int n = used(seen);
        long[] kept = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (seen[i] != h) {
                kept[k++] = seen[i];
            }
        }
        return k == 0 ? null : Arrays.copyOf(kept, k);
    }

    /** Writes the used slots as the plain {@code long[]} serializer writes an array. */
    public static final class Serializer extends CompactSerializer<long[]> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public long[] createInstance() {
            return new long[0];
        }

        @Override
        public long[] copy(long[] from) {
            return from.clone();
        }

        @Override
        public void serialize(long[] seen, DataOutputView out) throws IOException {
            int n = used(seen);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeLong(seen[i]);
            }
        }

        @Override
        public long[] deserialize(DataInputView in) throws IOException {
            long[] seen = new long[in.readInt()];
            for (int i = 0; i < seen.length; i++) {
                seen[i] = in.readLong();
            }
            return seen;
        }

        @Override
        public TypeSerializerSnapshot<long[]> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** Reads state the plain {@code long[]} serializer wrote as it is: the bytes are the same. */
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
