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
import org.apache.flink.core.memory.DataOutputView;
import org.cemsflow.ingestion.CompactSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;
import org.cemsflow.time.LocalTimes;

/**
 * The hourly rows a daily mean waits on for one code ({@link DayBucket}): their count, then each
 * as {@link HourEntrySerializer} writes it, its hour counted from the hour of the row before (a
 * byte, where the hours since 1970 took three: the rows of a real device's day are most of the
 * daily means' state). Every field comes back exactly, in the list's order. Lists that Flink's list
 * serializer wrote (of rows compact or POJO) are migrated on restore.
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

    @Override
    public void serialize(List<HourEntry> entries, DataOutputView out) throws IOException {
        writeVarLong(entries.size(), out);
        long base = 0;
        for (HourEntry e : entries) {
            HourEntrySerializer.write(e, base, out);
            base = baseAfter(e);
        }
    }

    @Override
    public List<HourEntry> deserialize(DataInputView in) throws IOException {
        int n = (int) readVarLong(in);
        List<HourEntry> entries = new ArrayList<>(Math.max(n, 24));
        long base = 0;
        for (int i = 0; i < n; i++) {
            HourEntry e = HourEntrySerializer.read(base, in);
            entries.add(e);
            base = baseAfter(e);
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
