package org.cemsflow.reference;

import java.util.Objects;

/**
 * A known device (monitoring point or meter) from points.csv or meters.csv. A Flink POJO: public
 * no-arg constructor and public fields, so it serializes without Kryo.
 */
public class Device implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Device id (MN). */
    public String mn;

    /** Monitoring point; null for meters. */
    public String pointId;

    public String unitId;
    public String unitName;

    /** {@code air} or {@code water}; null for meters. */
    public String medium;

    /** Reference O2 in %, or null where the point has none. */
    public Double o2Ref;

    /** Password to check; null = not checked. */
    public String password;

    /** Minute-record interval in minutes; null = learned from the data. */
    public Integer minuteInterval;

    /** Meters only: {@code production}, {@code treatment} or {@code water}. */
    public String meterRole;

    /** Meters only: rated power in kW, or null when it is to be learned. */
    public Double ratedKw;

    /**
     * Taken out of the reference (a tombstone on the reference topic): the device is unknown from
     * then on, even where the reference directory the job started with has it.
     */
    public boolean removed;

    public Device() {}

    public static Device point(
            String mn,
            String pointId,
            String unitId,
            String unitName,
            String medium,
            Double o2Ref,
            String password,
            Integer minuteInterval) {
        Device d = new Device();
        d.mn = mn;
        d.pointId = pointId;
        d.unitId = unitId;
        d.unitName = unitName;
        d.medium = medium;
        d.o2Ref = o2Ref;
        d.password = password;
        d.minuteInterval = minuteInterval;
        return d;
    }

    public static Device meter(String mn, String unitId, String role, Double ratedKw) {
        Device d = new Device();
        d.mn = mn;
        d.unitId = unitId;
        d.meterRole = role;
        d.ratedKw = ratedKw;
        return d;
    }

    /** This device, removed from the reference. */
    public Device tombstone() {
        Device d = meter(mn, unitId, meterRole, ratedKw);
        d.pointId = pointId;
        d.medium = medium;
        d.removed = true;
        return d;
    }

    public boolean isMeter() {
        return meterRole != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Device d)) {
            return false;
        }
        return Objects.equals(mn, d.mn)
                && Objects.equals(pointId, d.pointId)
                && Objects.equals(unitId, d.unitId)
                && Objects.equals(unitName, d.unitName)
                && Objects.equals(medium, d.medium)
                && Objects.equals(o2Ref, d.o2Ref)
                && Objects.equals(password, d.password)
                && Objects.equals(minuteInterval, d.minuteInterval)
                && Objects.equals(meterRole, d.meterRole)
                && Objects.equals(ratedKw, d.ratedKw)
                && removed == d.removed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mn, pointId, unitId);
    }

    @Override
    public String toString() {
        return isMeter()
                ? "Meter{" + mn + ", unit=" + unitId + ", " + meterRole + "}"
                : "Point{" + mn + ", " + pointId + ", unit=" + unitId + ", " + medium + "}";
    }
}
