package org.cemsflow.exceedance;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** Input of the case tracker (Flink POJO): one verdict, or the verdicts of a CEP match. */
public class TrackerInput {
    public boolean match;

    /** Event time of the input: when it was decided (the record's timestamp; by default its last period's end - 1 ms). */
    public long time;

    @TypeInfo(VerdictsType.class)
    public List<Verdict> verdicts = new ArrayList<>();

    public TrackerInput() {}

    public static TrackerInput verdict(Verdict v) {
        TrackerInput t = new TrackerInput();
        t.time = v.periodEnd - 1;
        t.verdicts.add(v);
        return t;
    }

    public static TrackerInput match(List<Verdict> vs) {
        TrackerInput t = new TrackerInput();
        t.match = true;
        t.verdicts.addAll(vs);
        t.time = vs.get(vs.size() - 1).periodEnd - 1;
        return t;
    }

    public String key() {
        return verdicts.get(0).caseKey();
    }

    /** {@code List<Verdict>} with Flink's list serializer. */
    public static final class VerdictsType extends TypeInfoFactory<List<Verdict>> {
        @Override
        public TypeInformation<List<Verdict>> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> params) {
            return Types.LIST(Types.POJO(Verdict.class));
        }
    }
}
