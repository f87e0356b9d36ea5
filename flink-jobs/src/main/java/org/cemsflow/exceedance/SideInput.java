package org.cemsflow.exceedance;

import org.cemsflow.reference.Limit;

/**
 * One element of the broadcast side input of the exceedance judge (Flink POJO): a limit (new or
 * changed), or the marker that the reference snapshot is complete.
 */
public class SideInput {
    public enum Kind { LIMIT, LOADED }

    public Kind kind;
    public Limit limit;

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
