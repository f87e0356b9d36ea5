package org.cemsflow.correlation;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.fromThousandths;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.ingestion.ReadingSerializer;

/**
 * A compact serializer for SUDDEN_CHANGE's history of a device (a window of recent values per code,
 * the largest part of the device rules' state): each ring's capacity, size and head, then its live
 * values from the smallest up, each with its slot in the ring, then the slots not yet filled. A
 * window read back has its order without a sort, which with the state in RocksDB happens at every
 * upload. Each value is a difference from the decimal before it (a value as a monitor sends it,
 * a decimal of up to three places, in thousandths: ranked values differ little), anything else
 * whole after a marker. Every value, and every slot of a ring not yet full, comes back bit for
 * bit. State of the POJO serializer and of the layout before (values in slot order, {@link
 * SlotOrder}) is migrated on restore.
 */
public class RecentValuesByCodeSerializer extends CompactSerializer<RecentValuesByCode> {
    private static final long serialVersionUID = 1L;

    public static final RecentValuesByCodeSerializer INSTANCE = new RecentValuesByCodeSerializer();

    /** Type information of SUDDEN_CHANGE's history: this serializer, not the POJO one. */
    public static final TypeInformation<RecentValuesByCode> TYPE =
            CompactTypeInfo.of(RecentValuesByCode.class, INSTANCE);

    /** Written before a value that is no decimal of three places (decimals are written doubled). */
    private static final long WHOLE = 1;

    RecentValuesByCodeSerializer() {}

    @Override
    public RecentValuesByCode createInstance() {
        return new RecentValuesByCode();
    }

    @Override
    public RecentValuesByCode copy(RecentValuesByCode from) {
        RecentValuesByCode c = new RecentValuesByCode();
        c.keys = from.keys.clone();
        c.values = new RecentValues[from.values.length];
        for (int i = 0; i < c.values.length; i++) {
            RecentValues r = from.values[i];
            if (r != null) {
                RecentValues v = new RecentValues();
                v.values = r.values.clone();
                v.size = r.size;
                v.head = r.head;
                v.order = r.order == null ? null : r.order.clone();
                c.values[i] = v;
            }
        }
        return c;
    }

    @Override
    public void serialize(RecentValuesByCode h, DataOutputView out) throws IOException {
        if (h.keys.length != h.values.length) {
            throw new IOException(
                    "a history of " + h.keys.length + " keys and " + h.values.length + " windows");
        }
        writeVarLong(h.keys.length, out);
        for (int i = 0; i < h.keys.length; i++) {
            StringValue.writeString(h.keys[i], out);
            RecentValues r = h.values[i];
            if (r == null) {
                writeVarLong(-1, out);
                continue;
            }
            writeVarLong(r.values.length, out);
            writeVarLong(r.size, out);
            writeVarLong(r.head, out);
            writeRing(r, out);
        }
    }

    @Override
    public RecentValuesByCode deserialize(DataInputView in) throws IOException {
        int n = (int) readVarLong(in);
        RecentValuesByCode h = new RecentValuesByCode();
        h.keys = new String[n];
        h.values = new RecentValues[n];
        for (int i = 0; i < n; i++) {
            h.keys[i] = ReadingSerializer.readString(in);
            int capacity = (int) readVarLong(in);
            if (capacity < 0) {
                continue;
            }
            RecentValues r = new RecentValues();
            r.values = new double[capacity];
            r.size = (int) readVarLong(in);
            r.head = (int) readVarLong(in);
            readRing(r, in);
            h.values[i] = r;
        }
        return h;
    }

    /** The live values by rank, each after its slot; then the slots not yet filled, from the head. */
    void writeRing(RecentValues r, DataOutputView out) throws IOException {
        int[] order = r.order();
        int capacity = r.values.length;
        long previous = 0;
        for (int i = 0; i < r.size; i++) {
            writeVarLong(order[i], out);
            previous = writeValue(r.values[order[i]], previous, out);
        }
        for (int k = 0; k < capacity - r.size; k++) {
            previous = writeValue(r.values[(r.head + k) % capacity], previous, out);
        }
    }

    void readRing(RecentValues r, DataInputView in) throws IOException {
        int capacity = r.values.length;
        if (r.size < 0 || r.size > capacity || r.head < 0 || r.head >= Math.max(capacity, 1)) {
            throw new IOException(
                    "a window of "
                            + r.size
                            + " values at "
                            + r.head
                            + " in "
                            + capacity
                            + " slots");
        }
        int[] order = new int[capacity];
        long[] previous = {0};
        for (int i = 0; i < r.size; i++) {
            int slot = (int) readVarLong(in);
            if (slot < 0 || slot >= capacity) {
                throw new IOException("slot " + slot + " of a window of " + capacity);
            }
            order[i] = slot;
            r.values[slot] = readValue(previous, in);
        }
        for (int k = 0; k < capacity - r.size; k++) {
            r.values[(r.head + k) % capacity] = readValue(previous, in);
        }
        r.order = order;
    }

    /** {@code v} as a difference in thousandths from {@code previous}; returns the new previous. */
    private static long writeValue(double v, long previous, DataOutputView out) throws IOException {
        long t = thousandths(v);
        if (t != NOT_DECIMAL) { // under 10^15 in size: twice a difference does not overflow
            writeVarLong(2 * (t - previous), out);
            return t;
        }
        writeVarLong(WHOLE, out);
        out.writeDouble(v);
        return previous;
    }

    /** A value {@link #writeValue} wrote; {@code previous[0]} is the decimal before, updated. */
    private static double readValue(long[] previous, DataInputView in) throws IOException {
        long z = readVarLong(in);
        if (z == WHOLE) {
            return in.readDouble();
        }
        previous[0] += z / 2;
        return fromThousandths(previous[0]);
    }

    @Override
    public TypeSerializerSnapshot<RecentValuesByCode> snapshotConfiguration() {
        return new Snapshot(Snapshot.RANKED);
    }

    /**
     * The layout before the ranks were written: each ring's values in slot order, each a count of
     * thousandths or whole after a marker. Reads the state of savepoints taken before (it is then
     * written again ranked); it writes that layout too, for the tests of that migration.
     */
    public static final class SlotOrder extends RecentValuesByCodeSerializer {
        private static final long serialVersionUID = 1L;

        public static final SlotOrder INSTANCE = new SlotOrder();

        private SlotOrder() {}

        /** Each value on its own: a difference from 0. */
        @Override
        void writeRing(RecentValues r, DataOutputView out) throws IOException {
            for (double v : r.values) {
                writeValue(v, 0, out);
            }
        }

        @Override
        void readRing(RecentValues r, DataInputView in) throws IOException {
            for (int k = 0; k < r.values.length; k++) {
                r.values[k] = readValue(new long[] {0}, in);
            }
        }

        @Override
        public TypeSerializerSnapshot<RecentValuesByCode> snapshotConfiguration() {
            return new Snapshot(Snapshot.SLOT_ORDER);
        }
    }

    /**
     * Restores the serializer from savepoints: its version says the layout. State of the POJO
     * serializer, or in slot order, is migrated.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<RecentValuesByCode> {
        /** The slot-order layout: its snapshot was a simple one, of that version. */
        static final int SLOT_ORDER = 3;

        static final int RANKED = 4;

        private int version;

        /** For reading from a savepoint: the version read sets the layout. */
        public Snapshot() {
            this(RANKED);
        }

        Snapshot(int version) {
            this.version = version;
        }

        @Override
        public int getCurrentVersion() {
            return version;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
                throws IOException {
            if (readVersion != SLOT_ORDER && readVersion != RANKED) {
                throw new IOException(
                        "unknown version "
                                + readVersion
                                + " of SUDDEN_CHANGE's history serializer");
            }
            version = readVersion;
        }

        @Override
        public TypeSerializer<RecentValuesByCode> restoreSerializer() {
            return version == RANKED ? INSTANCE : SlotOrder.INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<RecentValuesByCode> resolveSchemaCompatibility(
                TypeSerializerSnapshot<RecentValuesByCode> old) {
            if (old instanceof Snapshot s && s.version == version) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            if (old instanceof Snapshot || old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
