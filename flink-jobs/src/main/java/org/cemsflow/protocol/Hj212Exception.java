package org.cemsflow.protocol;

/** A frame that fails a check; carries the reject reason. Stackless: rejections are data, not bugs. */
public final class Hj212Exception extends Exception {
    private final RejectReason reason;

    public Hj212Exception(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
