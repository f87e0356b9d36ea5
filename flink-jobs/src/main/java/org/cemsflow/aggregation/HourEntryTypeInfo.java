package org.cemsflow.aggregation;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;

/** Type information of the hourly rows a daily mean waits on: {@link HourEntrySerializer}, not the POJO one. */
public final class HourEntryTypeInfo extends CompactTypeInfo<HourEntry> {
    private static final long serialVersionUID = 1L;
    public static final HourEntryTypeInfo INSTANCE = new HourEntryTypeInfo();

    private HourEntryTypeInfo() {
        super(HourEntry.class);
    }

    @Override
    public TypeSerializer<HourEntry> createSerializer(SerializerConfig config) {
        return HourEntrySerializer.INSTANCE;
    }
}
