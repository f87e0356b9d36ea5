package org.cemsflow.reference;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.cemsflow.model.Pollutants;

/**
 * The reference as dimension rows for the analysts' tables, whether it comes from the reference
 * directory (all of it once the job has loaded it) or from the reference topic (each record as it
 * comes, removals included), so a change shows up in ClickHouse without a restart. The pollutant
 * dictionary comes with the first load. Versions are the wall clock when the row is made: the
 * latest statement of a key wins.
 */
public final class ReferenceTables extends ProcessFunction<SideInput, DimensionRow> {
    private static final long serialVersionUID = 1L;
    private final ReferenceData initial;
    private transient boolean loaded;

    public ReferenceTables(ReferenceData initial) {
        this.initial = initial;
    }

    /** The dimension rows of the reference stream (parallelism 1: a small stream, in its order). */
    public static DataStream<DimensionRow> define(
            DataStream<SideInput> reference, ReferenceData initial) {
        return reference
                .process(new ReferenceTables(initial))
                .returns(TypeInformation.of(DimensionRow.class))
                .setParallelism(1)
                .uid("reference-tables")
                .name("Reference as dimension rows");
    }

    @Override
    public void processElement(SideInput in, Context ctx, Collector<DimensionRow> out) {
        long version = System.currentTimeMillis();
        switch (in.kind) {
            case LOADED -> {
                if (!loaded) {
                    loaded = true;
                    initial.devices()
                            .values()
                            .forEach(d -> device(d, false, version).forEach(out::collect));
                    initial.limits().forEach(l -> out.collect(limit(l, false, version)));
                    initial.permits().forEach(p -> out.collect(permit(p, false, version)));
                    for (Pollutants.Pollutant p : Pollutants.all()) {
                        out.collect(pollutant(p, version));
                    }
                }
            }
            case DEVICE ->
                    device(in.device, in.removed || in.device.removed, version)
                            .forEach(out::collect);
            case LIMIT -> out.collect(limit(in.limit, in.removed, version));
            case PERMIT -> out.collect(permit(in.permit, in.removed, version));
        }
    }

    static List<DimensionRow> device(Device d, boolean removed, long version) {
        List<DimensionRow> rows = new ArrayList<>(2);
        if (d.isMeter()) {
            DimensionRow m = DimensionRow.of(DimensionRow.Table.METERS, d.mn, version);
            m.unitId = d.unitId;
            m.kind = d.meterRole;
            m.value = d.ratedKw;
            m.removed = removed;
            rows.add(m);
            return rows;
        }
        DimensionRow p = DimensionRow.of(DimensionRow.Table.POINTS, d.pointId, version);
        p.mn = d.mn;
        p.unitId = d.unitId;
        p.medium = d.medium;
        p.o2Ref = d.o2Ref;
        p.minuteInterval = d.minuteInterval;
        p.removed = removed;
        rows.add(p);
        if (d.unitId != null && d.unitName != null && !removed) {
            DimensionRow u = DimensionRow.of(DimensionRow.Table.UNITS, d.unitId, version);
            u.name = d.unitName;
            rows.add(u);
        }
        return rows;
    }

    static DimensionRow limit(Limit l, boolean removed, long version) {
        DimensionRow r = DimensionRow.of(DimensionRow.Table.LIMITS, l.pointId, version);
        r.pollutant = l.pollutant;
        r.value = l.limit;
        r.kind = l.daily() ? "day" : "hour";
        r.validFrom = l.validFrom;
        r.removed = removed;
        return r;
    }

    static DimensionRow permit(Permit p, boolean removed, long version) {
        DimensionRow r = DimensionRow.of(DimensionRow.Table.PERMITS, p.unitId, version);
        r.pollutant = p.pollutant;
        r.year = p.year;
        r.value = p.permittedKg;
        r.validFrom = p.validFrom;
        r.removed = removed;
        return r;
    }

    static DimensionRow pollutant(Pollutants.Pollutant p, long version) {
        DimensionRow r = DimensionRow.of(DimensionRow.Table.POLLUTANTS, p.code(), version);
        r.code2005 = p.code2005();
        r.name = p.nameZh();
        r.nameEn = p.nameEn();
        r.measure = p.unit();
        return r;
    }
}
