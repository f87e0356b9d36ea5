package org.cemsflow.reference;

/** Finds a known device by its MN; null when unknown. */
@FunctionalInterface
public interface DeviceLookup {
    Device device(String mn);

    /** The unit of a device; an unknown device (accepted as such) is a unit of its own. */
    default String unitOf(String mn) {
        Device d = device(mn);
        return d != null && d.unitId != null ? d.unitId : mn;
    }

    /** What the pipeline knows of a reading's device: its point, unit, O2 reference and minute interval. */
    static void enrich(org.cemsflow.avro.Reading r, Device d) {
        if (d == null) {
            // an unknown device that was accepted: a point of its own
            r.setPointId(r.getMn());
            r.setUnitId(r.getMn());
            return;
        }
        r.setPointId(d.pointId);
        r.setUnitId(d.unitId);
        r.setO2Ref(d.o2Ref);
        r.setMinuteInterval(d.minuteInterval);
    }
}
