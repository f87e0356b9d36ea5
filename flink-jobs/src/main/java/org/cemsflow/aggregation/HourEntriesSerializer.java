package org.cemsflow.aggregation;

import static org.cemsflow.ingestion.CompactNumbers.readVarLong;
import static org.cemsflow.ingestion.CompactNumbers.writeVarLong;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.ListSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.time.LocalTimes;

/**
 * The hourly rows a daily mean waits on for one code ({@link DayBucket}): their count, then each
 * row's head as {@link HourEntrySerializer} writes it, its hour counted from the hour of the row
 * before (a byte, where the hours since 1970 took three: the rows of a real device's day are most
 * of the daily means' state), and the counts of its mean's and volume's quotients as differences
 * from the row's before, then the rows' values. The heads repeat from one hour to the next
 * and stand together, where the snapshot's compression takes them in a few bytes. Every field
 * comes back exactly, in the list's order. Lists of the layout before (each row's values after its
 * head) still read; lists that Flink's list serializer wrote (of rows compact or POJO) are
 * migrated on restore.
 */
public final class HourEntriesSerializer extends CompactSerializer<List<HourEntry>> {
    private static final long serialVersionUID = 1L;

    public static final HourEntriesSerializer INSTANCE = new HourEntriesSerializer();

    /** Type information of a code's rows: this serializer. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final TypeInformation<List<HourEntry>> TYPE =
            CompactTypeInfo.of((Class<List<HourEntry>>) (Class) List.class, INSTANCE);

    @Override
    public List<HourEntry> createInstance() {
        return new ArrayList<>();
    }

    @Override
    public List<HourEntry> copy(List<HourEntry> from) {
        List<HourEntry> to = new ArrayList<>(from.size());
        for (HourEntry e : from) {
            to.add(HourEntrySerializer.INSTANCE.copy(e));
        }
        return to;
    }

    /**
     * The count as -1 less it (a list of the layout before has a count of zero or more, each row's
     * values after its head), then the rows' heads, then their values.
     */
    @Override
    public void serialize(List<HourEntry> entries, DataOutputView out) throws IOException {
        writeVarLong(-1 - entries.size(), out);
        DataOutputSerializer values = new DataOutputSerializer(24 * entries.size() + 8);
        HourEntrySerializer.Counts counts = new HourEntrySerializer.Counts();
        HourEntrySerializer.Quotients q = new HourEntrySerializer.Quotients();
        long base = 0;
        for (HourEntry e : entries) {
            HourEntrySerializer.write(e, base, counts, q, out, values);
            base = baseAfter(e);
        }
        out.write(values.getSharedBuffer(), 0, values.length());
    }

    @Override
    public List<HourEntry> deserialize(DataInputView in) throws IOException {
        long count = readVarLong(in);
        if (count >= 0) { // the layout before: each row's head, then its values
            List<HourEntry> entries = new ArrayList<>(Math.max((int) count, 24));
            long base = 0;
            for (int i = 0; i < count; i++) {
                HourEntry e = HourEntrySerializer.read(base, in);
                entries.add(e);
                base = baseAfter(e);
            }
            return entries;
        }
        int n = (int) (-1 - count);
        // the heads come first: read them in a pass of their own, then the values
        List<HourEntry> entries = new ArrayList<>(Math.max(n, 24));
        int[] flags = new int[n];
        HourEntrySerializer.Quotients[] q = new HourEntrySerializer.Quotients[n];
        HourEntrySerializer.Counts counts = new HourEntrySerializer.Counts();
        long base = 0;
        for (int i = 0; i < n; i++) {
            flags[i] = HourEntrySerializer.readFlags(in);
            HourEntry e = new HourEntry();
            q[i] = new HourEntrySerializer.Quotients();
            HourEntrySerializer.readHead(flags[i], base, counts, e, q[i], in);
            entries.add(e);
            base = baseAfter(e);
        }
        for (int i = 0; i < n; i++) {
            HourEntrySerializer.readValues(flags[i], entries.get(i), q[i], in);
        }
        return entries;
    }

    /** The hour the next row's is counted from: this one's when it starts one, else 0. */
    private static long baseAfter(HourEntry e) {
        return e.periodStart % LocalTimes.HOUR_MS == 0 ? e.periodStart / LocalTimes.HOUR_MS : 0;
    }

    @Override
    public TypeSerializerSnapshot<List<HourEntry>> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints; lists of Flink's list serializer are migrated. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<List<HourEntry>> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<List<HourEntry>> resolveSchemaCompatibility(
                TypeSerializerSnapshot<List<HourEntry>> old) {
            if (old instanceof ListSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
