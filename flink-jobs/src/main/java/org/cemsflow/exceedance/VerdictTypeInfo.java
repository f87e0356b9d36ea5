package org.cemsflow.exceedance;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.cemsflow.ingestion.CompactTypeInfo;

/** Type information of the verdicts kept in state: {@link VerdictSerializer}, not the POJO one. */
public final class VerdictTypeInfo extends CompactTypeInfo<Verdict> {
    private static final long serialVersionUID = 1L;
    public static final VerdictTypeInfo INSTANCE = new VerdictTypeInfo();

    private VerdictTypeInfo() {
        super(Verdict.class);
    }

    @Override
    public TypeSerializer<Verdict> createSerializer(SerializerConfig config) {
        return VerdictSerializer.INSTANCE;
    }
}
