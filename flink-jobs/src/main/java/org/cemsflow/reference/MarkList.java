package org.cemsflow.reference;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** The marks of one device (Flink POJO, broadcast state); marks older than the retention are dropped. */
public class MarkList {
    @TypeInfo(MarksType.class)
    public List<Mark> marks = new ArrayList<>();

    public MarkList() {}

    /** True when an in-time mark covers the hour starting at {@code hourStart}. */
    public boolean excuses(long hourStart, long hourMs, long deadlineMs) {
        for (Mark m : marks) {
            if (m.excuses(hourStart, hourMs, deadlineMs)) {
                return true;
            }
        }
        return false;
    }

    /** {@code List<Mark>} with Flink's list serializer. */
    public static final class MarksType extends TypeInfoFactory<List<Mark>> {
        @Override
        public TypeInformation<List<Mark>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> params) {
            return Types.LIST(Types.POJO(Mark.class));
        }
    }
}
