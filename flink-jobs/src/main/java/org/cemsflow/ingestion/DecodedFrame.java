package org.cemsflow.ingestion;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.cemsflow.avro.Reading;

/** An accepted frame between validation and de-duplication (Flink POJO). */
public class DecodedFrame {
    public String mn;
    public int cn;
    public boolean data;
    /** DataTime of data uploads, epoch milliseconds; 0 for other frames. */
    public long dataTime;
    /** Identity for removing retransmissions (hash of MN, CN and the sorted CP items). */
    public long dedupHash;
    public String text;
    public String source;
    public long receivedAt;
    @TypeInfo(ReadingsType.class)
    public List<Reading> readings = new ArrayList<>();

    public DecodedFrame() {}

    /** {@code List<Reading>} with Avro's serializer for the elements. */
    public static final class ReadingsType extends TypeInfoFactory<List<Reading>> {
        @Override
        public TypeInformation<List<Reading>> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
            return Types.LIST(ReadingTypeInfo.INSTANCE);
        }
    }
}
