package org.cemsflow.supervision;

import org.cemsflow.avro.AlertEvent;

/** Input of the supervision operators (Flink POJO): a rule alert's event, an answer to an order, or a review of a lead. */
public class SupervisionInput {
    public AlertEvent alert;
    public Answer answer;
    public Review review;

    /** The unit, once known (answers learn it from their alert). */
    public String unitId;

    /** Event time: when the alert event happened, the answer was given or the review made. */
    public long time;

    /** At one instant, what happened to the alert before the answers to it. */
    public static final java.util.Comparator<SupervisionInput> ALERTS_FIRST =
            (a, b) -> Boolean.compare(a.alert == null, b.alert == null);

    public SupervisionInput() {}

    public static SupervisionInput alert(AlertEvent e) {
        SupervisionInput s = new SupervisionInput();
        s.alert = e;
        s.unitId = e.getAlert().getUnitId() == null ? "" : e.getAlert().getUnitId();
        s.time = e.getAt();
        return s;
    }

    public static SupervisionInput answer(Answer a) {
        SupervisionInput s = new SupervisionInput();
        s.answer = a;
        s.time = a.answeredAt;
        return s;
    }

    public static SupervisionInput review(Review r) {
        SupervisionInput s = new SupervisionInput();
        s.review = r;
        s.time = r.reviewedAt;
        return s;
    }

    public String alertId() {
        return alert != null
                ? alert.getAlertId()
                : answer != null ? answer.alertId : review.alertId;
    }
}
