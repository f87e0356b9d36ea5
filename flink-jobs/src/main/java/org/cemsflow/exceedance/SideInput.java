package org.cemsflow.exceedance;

import org.cemsflow.reference.Device;
import org.cemsflow.reference.Limit;

/**
 * One element of the broadcast reference input (Flink POJO): a device (point or meter, for the
 * ingestion gate), a limit (for the exceedance judge), or the marker that the reference snapshot
 * is complete.
 */
public class SideInput {
    public enum Kind { DEVICE, LIMIT, LOADED }

    public Kind kind;
    public Device device;
    public Limit limit;

    public static SideInput device(Device d) {
        SideInput s = new SideInput();
        s.kind = Kind.DEVICE;
        s.device = d;
        return s;
    }

    public SideInput() {}

    public static SideInput limit(Limit l) {
        SideInput s = new SideInput();
        s.kind = Kind.LIMIT;
        s.limit = l;
        return s;
    }

    public static SideInput loaded() {
        SideInput s = new SideInput();
        s.kind = Kind.LOADED;
        return s;
    }
}
