package org.cemsflow.quota;

import org.cemsflow.avro.Aggregate;
import org.cemsflow.reference.Mark;

/**
 * Keyed input of the gap filler (key: unit, Flink POJO): an hourly mass row of a point, an hour of
 * a production meter (running or not), a mark, or manual substitute data.
 */
public class QuotaInput {
    public String unitId;
    public Aggregate mean;

    /** An hour of a production meter: its start, and whether it showed the unit running. */
    public Long meterHour;

    public boolean running;
    public Mark mark;
    public Substitute substitute;

    /** Event time: the hour's end - 1 ms, when the mark was made, or the first hour substitutes cover. */
    public long time;

    public QuotaInput() {}

    /**
     * An hourly mean as the gap filler reads it: the row's identity, revision, validity and mass,
     * without its concentrations and source, since it waits in state for the allowed lateness (a
     * whole row was most of the gap filler's state).
     */
    public static QuotaInput mean(Aggregate a) {
        QuotaInput q = new QuotaInput();
        q.unitId = a.getUnitId();
        q.mean =
                Aggregate.newBuilder()
                        .setMn(a.getMn())
                        .setPointId(a.getPointId())
                        .setUnitId(a.getUnitId())
                        .setPollutant(a.getPollutant())
                        .setPeriod(a.getPeriod())
                        .setPeriodStart(a.getPeriodStart())
                        .setCoverageMin(a.getCoverageMin())
                        .setValid(a.getValid())
                        .setEmissionKg(a.getEmissionKg())
                        .setRevision(a.getRevision())
                        .setReadings(a.getReadings())
                        .build();
        q.time = a.getPeriodStart() + org.cemsflow.time.LocalTimes.HOUR_MS - 1;
        return q;
    }

    public static QuotaInput meter(String unitId, long hourStart, boolean running) {
        QuotaInput q = new QuotaInput();
        q.unitId = unitId;
        q.meterHour = hourStart;
        q.running = running;
        q.time = hourStart + org.cemsflow.time.LocalTimes.HOUR_MS - 1;
        return q;
    }

    public static QuotaInput mark(String unitId, Mark m) {
        QuotaInput q = new QuotaInput();
        q.unitId = unitId;
        q.mark = m;
        q.time = m.markedAt;
        return q;
    }

    /**
     * Substitute data count from the first hour they cover: known before any gap they fill closes
     * (a gap closes with the valid hour after it), in run-local and live alike.
     */
    public static QuotaInput substitute(String unitId, Substitute s) {
        QuotaInput q = new QuotaInput();
        q.unitId = unitId;
        q.substitute = s;
        q.time = s.from;
        return q;
    }

    /** Order at one instant: what is known (substitutes, marks, meters) before the masses it applies to. */
    int rank() {
        return substitute != null ? 0 : mark != null ? 1 : meterHour != null ? 2 : 3;
    }
}
