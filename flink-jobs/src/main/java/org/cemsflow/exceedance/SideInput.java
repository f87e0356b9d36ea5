package org.cemsflow.exceedance;

import org.cemsflow.reference.Device;
import org.cemsflow.reference.Limit;
import org.cemsflow.reference.Permit;

/**
 * One element of the broadcast reference input (Flink POJO): a device (point or meter, for the
 * ingestion gate), a limit (for the exceedance judge), a permit (for the quota tracker), or the
 * marker that the reference snapshot is complete.
 */
public class SideInput {
    public enum Kind { DEVICE, LIMIT, PERMIT, LOADED }

    public Kind kind;
    public Device device;
    public Limit limit;
    public Permit permit;

    public static SideInput permit(Permit p) {
        SideInput s = new SideInput();
        s.kind = Kind.PERMIT;
        s.permit = p;
        return s;
    }

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
