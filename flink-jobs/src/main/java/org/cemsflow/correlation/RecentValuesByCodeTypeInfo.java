package org.cemsflow.correlation;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;

/** Type information of SUDDEN_CHANGE's history: {@link RecentValuesByCodeSerializer}, not the POJO one. */
public final class RecentValuesByCodeTypeInfo extends CompactTypeInfo<RecentValuesByCode> {
    private static final long serialVersionUID = 1L;
    public static final RecentValuesByCodeTypeInfo INSTANCE = new RecentValuesByCodeTypeInfo();

    private RecentValuesByCodeTypeInfo() {
        super(RecentValuesByCode.class);
    }

    @Override
    public TypeSerializer<RecentValuesByCode> createSerializer(SerializerConfig config) {
        return RecentValuesByCodeSerializer.INSTANCE;
    }
}
