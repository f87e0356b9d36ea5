package org.cemsflow.aggregation;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Type information for the collection fields of state POJOs. Flink 2.2 treats a bare Map or List
 * field as a generic (Kryo) type; these factories make them Flink's own map and list serializers.
 */
final class StateTypes {
    private StateTypes() {}

    /** {@code Map<String, CodeHourAcc>} of {@link HourBucket}, the accumulators compact. */
    public static final class CodeHourAccs extends TypeInfoFactory<Map<String, CodeHourAcc>> {
        @Override
        public TypeInformation<Map<String, CodeHourAcc>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> params) {
            return Types.MAP(Types.STRING, CodeHourAccSerializer.TYPE);
        }
    }

    /** {@code Map<String, List<HourEntry>>} of {@link DayBucket}, each code's rows compact. */
    public static final class HourEntriesByCode
            extends TypeInfoFactory<Map<String, List<HourEntry>>> {
        @Override
        public TypeInformation<Map<String, List<HourEntry>>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> params) {
            return Types.MAP(Types.STRING, HourEntriesSerializer.TYPE);
        }
    }
}
