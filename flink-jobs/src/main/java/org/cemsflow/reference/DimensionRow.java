package org.cemsflow.reference;

/**
 * One row of a dimension table of ClickHouse (units, points, meters, limits, permits, pollutants),
 * as the reference says it now (Flink POJO). {@code version} orders the rows of one key: the
 * latest written wins; {@code removed} marks a device, limit or permit the reference dropped.
 */
public class DimensionRow {
    public enum Table {
        UNITS,
        POINTS,
        METERS,
        LIMITS,
        PERMITS,
        POLLUTANTS
    }

    public Table table;

    /** unit_id, point_id, the meter's MN, the limit's point_id, the permit's unit_id, or the pollutant code. */
    public String id;

    public String unitId;

    /** unit_name, or the pollutant's Chinese name. */
    public String name;

    /** The pollutant's English name. */
    public String nameEn;

    public String mn;
    public String medium;

    /** The meter's role, or the limit's averaging. */
    public String kind;

    public String pollutant;

    /** The pollutant's HJ/T 212-2005 code. */
    public String code2005;

    /** The unit of measure. */
    public String measure;

    public Double o2Ref;

    /** rated_kw, the limit, or permitted_kg. */
    public Double value;

    public Integer minuteInterval;
    public Integer year;

    /** epoch ms, or null: always. */
    public Long validFrom;

    public boolean removed;
    public long version;

    public DimensionRow() {}

    static DimensionRow of(Table table, String id, long version) {
        DimensionRow r = new DimensionRow();
        r.table = table;
        r.id = id;
        r.version = version;
        return r;
    }
}
