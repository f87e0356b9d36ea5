package org.cemsflow.exceedance;

import java.util.Objects;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The names of a key's verdicts (MN, point, unit; and the pollutant where the key has one), kept
 * once beside the verdicts instead of in each: they are most of a kept verdict's bytes. Guarantees
 * that a verdict read back {@link #whole} is the verdict as it was kept, names included: a
 * verdict is kept without names (its MN null; an MN never is, it is part of every key) only when
 * they are exactly those the key keeps, which are the first verdict's and do not change while any
 * verdict of the key is kept.
 */
final class VerdictNames {
    private VerdictNames() {}

    /** The state of a key's names. */
    static ValueStateDescriptor<Verdict> descriptor(String name) {
        return new ValueStateDescriptor<>(name, VerdictSerializer.TYPE);
    }

    /**
     * The verdict as it is kept: a copy without the names the key keeps, or itself when its names
     * are others (or it has no MN).
     *
     * @param pollutant whether the key's verdicts share their pollutant too
     */
    static Verdict kept(Verdict v, ValueState<Verdict> names, boolean pollutant) throws Exception {
        if (v.mn == null) {
            return v;
        }
        Verdict shared = names.value();
        if (shared == null) {
            shared = new Verdict();
            shared.mn = v.mn;
            shared.pointId = v.pointId;
            shared.unitId = v.unitId;
            shared.pollutant = pollutant ? v.pollutant : null;
            names.update(shared);
        }
        if (!v.mn.equals(shared.mn)
                || !Objects.equals(v.pointId, shared.pointId)
                || !Objects.equals(v.unitId, shared.unitId)
                || (pollutant && !Objects.equals(v.pollutant, shared.pollutant))) {
            return v;
        }
        Verdict k = VerdictSerializer.INSTANCE.copy(v);
        k.mn = k.pointId = k.unitId = null;
        if (pollutant) {
            k.pollutant = null;
        }
        return k;
    }

    /** A kept verdict as it was judged: a copy with the key's names if it was kept without. */
    static Verdict whole(Verdict kept, Verdict shared) {
        if (kept.mn != null || shared == null) {
            return kept;
        }
        Verdict v = VerdictSerializer.INSTANCE.copy(kept);
        v.mn = shared.mn;
        v.pointId = shared.pointId;
        v.unitId = shared.unitId;
        if (v.pollutant == null) {
            v.pollutant = shared.pollutant;
        }
        return v;
    }
}
