package org.cemsflow.reference;

/**
 * One element of the broadcast reference input (Flink POJO): a device (point or meter, for the
 * ingestion gate, the routing of marks and substitutes, the unit rules), a limit (for the
 * exceedance judge), a permit (for the quota tracker), each added or removed, or the marker that
 * the reference snapshot is complete.
 */
public class SideInput implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        DEVICE,
        LIMIT,
        PERMIT,
        LOADED
    }

    public Kind kind;
    public Device device;
    public Limit limit;
    public Permit permit;

    /** The device, limit or permit was taken out of the reference (a tombstone on the topic). */
    public boolean removed;

    /** What {@code last} said no longer holds. */
    public static SideInput removal(SideInput last) {
        SideInput s = new SideInput();
        s.kind = last.kind;
        s.device = last.device == null ? null : last.device.tombstone();
        s.limit = last.limit;
        s.permit = last.permit;
        s.removed = true;
        return s;
    }

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
