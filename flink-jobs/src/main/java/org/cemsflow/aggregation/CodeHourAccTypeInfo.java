package org.cemsflow.aggregation;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;

/** Type information of a code's hour accumulators: {@link CodeHourAccSerializer}, not the POJO one. */
public final class CodeHourAccTypeInfo extends CompactTypeInfo<CodeHourAcc> {
    private static final long serialVersionUID = 1L;
    public static final CodeHourAccTypeInfo INSTANCE = new CodeHourAccTypeInfo();

    private CodeHourAccTypeInfo() {
        super(CodeHourAcc.class);
    }

    @Override
    public TypeSerializer<CodeHourAcc> createSerializer(SerializerConfig config) {
        return CodeHourAccSerializer.INSTANCE;
    }
}
