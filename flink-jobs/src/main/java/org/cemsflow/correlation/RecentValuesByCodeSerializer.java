package org.cemsflow.correlation;

import static org.cemsflow.ingestion.CompactNumbers.NOT_DECIMAL;
import static org.cemsflow.ingestion.CompactNumbers.fromThousandths;
import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.thousandths;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.ingestion.ReadingSerializer;

/**
 * A compact serializer for SUDDEN_CHANGE's history of a device (a window of recent values per code,
 * the largest part of the device rules' state): each ring's capacity, size and head, then its
 * values, each a value as a monitor sends it (a decimal of up to three places) in a variable-length
 * count of thousandths, anything else whole after a marker. Every value, and every slot of a ring
 * not yet full, comes back bit for bit. State the POJO serializer wrote before is migrated on
 * restore.
 */
public final class RecentValuesByCodeSerializer extends CompactSerializer<RecentValuesByCode> {
    private static final long serialVersionUID = 1L;

    public static final RecentValuesByCodeSerializer INSTANCE = new RecentValuesByCodeSerializer();

    /** Type information of SUDDEN_CHANGE's history: this serializer, not the POJO one. */
    public static final TypeInformation<RecentValuesByCode> TYPE =
            CompactTypeInfo.of(RecentValuesByCode.class, INSTANCE);

    /** Written before a value that is no decimal of three places (decimals are written doubled). */
    private static final long WHOLE = 1;

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
            for (double v : r.values) {
                long t = thousandths(v);
                if (t != NOT_DECIMAL && Math.abs(t) < 1L << 60) {
                    writeVarLong(2 * t, out);
                } else {
                    writeVarLong(WHOLE, out);
                    out.writeDouble(v);
                }
            }
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
            for (int k = 0; k < capacity; k++) {
                long z = readVarLong(in);
                r.values[k] = z == WHOLE ? in.readDouble() : fromThousandths(z / 2);
            }
            h.values[i] = r;
        }
        return h;
    }

    @Override
    public TypeSerializerSnapshot<RecentValuesByCode> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; state of the POJO serializer before is migrated. */
    public static final class Snapshot extends FromPojoSnapshot<RecentValuesByCode> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
