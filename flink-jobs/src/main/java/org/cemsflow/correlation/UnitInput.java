package org.cemsflow.correlation;

import org.cemsflow.avro.AlertEvent;
import org.cemsflow.reference.Mark;

/**
 * Input of the per-unit rules (Flink POJO): the signal of an upload of one of its devices, an
 * alert of a device rule that holds only while the unit produces, a mark on a device,
 * either at the time it was made (excuses) or at the start of the period it declares (declared
 * shutdowns), or a reference update of one of its devices.
 */
public class UnitInput {
    public String unitId;
    public UnitSignal signal;
    public Mark mark;
    public AlertEvent deviceAlert;

    /** A reference update of a device of the unit (a tombstone when removed or moved away). */
    public org.cemsflow.reference.Device device;

    public long time;

    /** A mark delivered at the start of its period rather than when it was made. */
    public boolean atStart;

    public UnitInput() {}

    /** A reference update of one of the unit's devices. */
    public static UnitInput device(org.cemsflow.reference.Device d) {
        UnitInput u = new UnitInput();
        u.unitId = d.unitId;
        u.device = d;
        u.time = Long.MIN_VALUE;
        return u;
    }

    public static UnitInput signal(UnitSignal s) {
        UnitInput u = new UnitInput();
        u.unitId = s.unitId;
        u.signal = s;
        u.time = s.time;
        return u;
    }

    public static UnitInput mark(String unitId, Mark m) {
        UnitInput u = new UnitInput();
        u.unitId = unitId;
        u.mark = m;
        u.time = m.markedAt;
        return u;
    }

    /** A device rule's alert event, at its time, to be passed on only while the unit produces. */
    public static UnitInput deviceAlert(AlertEvent e) {
        UnitInput u = new UnitInput();
        u.unitId = e.getAlert().getUnitId();
        u.deviceAlert = e;
        u.time = e.getAt();
        return u;
    }

    /** A mark at the start of the period it declares. */
    public static UnitInput markAtItsStart(String unitId, Mark m) {
        UnitInput u = mark(unitId, m);
        u.time = m.from;
        u.atStart = true;
        return u;
    }
}
