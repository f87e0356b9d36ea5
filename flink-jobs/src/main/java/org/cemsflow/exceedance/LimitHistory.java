package org.cemsflow.exceedance;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.cemsflow.reference.Limit;

/** The limits of one point and pollutant over time (Flink POJO, broadcast state). */
public class LimitHistory implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Ordered by validFrom; a null validFrom (from the start) sorts first. */
    @TypeInfo(LimitsType.class)
    public List<Limit> limits = new ArrayList<>();

    /** {@code List<Limit>} with Flink's list serializer (a bare List field would be Kryo). */
    public static final class LimitsType extends TypeInfoFactory<List<Limit>> {
        @Override
        public TypeInformation<List<Limit>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> params) {
            return Types.LIST(Types.POJO(Limit.class));
        }
    }

    public LimitHistory() {}

    public void add(Limit l) {
        limits.removeIf(x -> java.util.Objects.equals(x.validFrom, l.validFrom));
        limits.add(l);
        limits.sort(
                (a, b) ->
                        Long.compare(
                                a.validFrom == null ? Long.MIN_VALUE : a.validFrom,
                                b.validFrom == null ? Long.MIN_VALUE : b.validFrom));
    }

    /** Takes out the limit that applied from {@code validFrom} (null: from the start). */
    public void remove(Long validFrom) {
        limits.removeIf(x -> java.util.Objects.equals(x.validFrom, validFrom));
    }

    /** The limit in force for a period starting at {@code t}, or null (none, or one ended: NaN). */
    public Limit at(long t) {
        Limit found = null;
        for (Limit l : limits) {
            if (l.validFrom == null || l.validFrom <= t) {
                found = l;
            }
        }
        return found == null || Double.isNaN(found.limit) ? null : found;
    }
}
