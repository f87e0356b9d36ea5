package org.cemsflow.supervision;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.json.Json;
import org.cemsflow.protocol.RejectReason;
import org.cemsflow.time.LocalTimes;

/**
 * One lead for the regulator (key: alert_id): a correlation anomaly or QUOTA_100 (the lead
 * channel, guideline 二(三), 二(四)) that the monitoring department reviews and, confirmed, refers
 * to enforcement. Guarantees: a lead is NEW when its alert opens; the first review decides it,
 * CONFIRMED or DISMISSED (a REVIEWED event on the alert topic under the alert's id, and a new lead
 * row); a later review changes nothing; a review of a lead that does not exist (yet, in event time)
 * is an UNKNOWN_ALERT dead letter; an alert retracted by new data makes its lead RETRACTED, reopened
 * it is what its review made it again. No deadline, no escalation. Inputs are taken in event-time
 * order; a lead is forgotten the retention after its last change.
 */
public class LeadTracker extends SupervisionOrderedFunction<AlertEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<Lead> LEADS =
            new OutputTag<>("leads", TypeInformation.of(Lead.class));
    public static final OutputTag<RejectedFrame> REJECTED =
            new OutputTag<>("rejected-reviews", TypeInformation.of(RejectedFrame.class));

    private final long retentionMs;
    private final TypeInformation<Lead> stateType;
    private transient ValueState<Lead> lead;

    public LeadTracker(long retentionMs) {
        this(retentionMs, LeadSerializer.TYPE);
    }

    /** With the lead kept as {@code stateType} writes it (tests: as earlier versions did). */
    LeadTracker(long retentionMs, TypeInformation<Lead> stateType) {
        this.retentionMs = retentionMs;
        this.stateType = stateType;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        lead = getRuntimeContext().getState(new ValueStateDescriptor<>("lead", stateType));
    }

    @Override
    protected void handle(List<SupervisionInput> inputs, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        for (SupervisionInput in : inputs) {
            if (in.alert != null) {
                onAlert(in.alert, ctx);
            } else if (in.review != null) {
                onReview(in.review, ctx, out);
            }
        }
    }

    @Override
    protected void afterInputs(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
        Lead l = lead.value();
        if (l != null && l.changedAt + retentionMs <= timestamp) {
            lead.clear();
        }
    }

    private void onAlert(AlertEvent e, Context ctx) throws Exception {
        Lead l = lead.value();
        switch (e.getEvent()) {
            case OPENED -> {
                if (l != null) {
                    return; // a replayed opening
                }
                l = new Lead();
                l.alertId = e.getAlertId();
                l.unitId = e.getAlert().getUnitId();
                l.type = e.getAlert().getType();
                l.openedAt = e.getAt();
                l.state = Lead.State.NEW;
                l.alert = e.getAlert();
                save(l, e.getAt(), ctx);
            }
            case UPDATED -> {
                if (l != null) {
                    l.alert = e.getAlert();
                    lead.update(
                            l); // the lead row does not change; its events carry the alert as it is
                    // now
                }
            }
            case RETRACTED -> {
                if (l != null && l.state != Lead.State.RETRACTED) {
                    l.state = Lead.State.RETRACTED;
                    l.alert = e.getAlert();
                    save(l, e.getAt(), ctx);
                }
            }
            case REOPENED -> {
                if (l != null && l.state == Lead.State.RETRACTED) {
                    l.state = decided(l.verdict);
                    l.alert = e.getAlert();
                    save(l, e.getAt(), ctx);
                }
            }
            default -> {} // events of orders are not the lead's
        }
    }

    private static Lead.State decided(String verdict) {
        return verdict == null
                ? Lead.State.NEW
                : verdict.equals("confirmed") ? Lead.State.CONFIRMED : Lead.State.DISMISSED;
    }

    private void onReview(Review r, Context ctx, Collector<AlertEvent> out) throws Exception {
        Lead l = lead.value();
        if (l == null) {
            ctx.output(
                    REJECTED,
                    new RejectedFrame(
                            RejectReason.UNKNOWN_ALERT.name(),
                            "no lead " + r.alertId + " at " + LocalTimes.iso(r.reviewedAt),
                            r.raw,
                            r.source,
                            null,
                            r.reviewedAt,
                            null));
            return;
        }
        if (l.verdict != null) {
            return; // reviewed already: the first review decides, a repeated one changes nothing
        }
        l.verdict = r.verdict;
        l.reviewedAt = r.reviewedAt;
        l.by = r.by;
        l.text = r.text;
        if (l.state != Lead.State.RETRACTED) {
            l.state = decided(r.verdict);
        }
        l.sequence++;
        Alert copy = Alert.newBuilder(l.alert).build();
        copy.setEvidence(
                Json.object()
                        .raw("lead", leadJson(l))
                        .raw(
                                "change",
                                Json.object()
                                        .put("verdict", r.verdict)
                                        .put("by", r.by)
                                        .put("text", r.text)
                                        .time("reviewed_at", r.reviewedAt)
                                        .toString())
                        .raw("alert_evidence", l.alert.getEvidence())
                        .toString());
        out.collect(
                new AlertEvent(
                        AlertIds.eventId(
                                l.alertId, "lead-" + AlertEventType.REVIEWED.name(), l.sequence),
                        l.alertId,
                        AlertEventType.REVIEWED,
                        l.sequence,
                        r.reviewedAt,
                        copy));
        save(l, r.reviewedAt, ctx);
    }

    static String leadJson(Lead l) {
        return Json.object()
                .put("lead_id", l.alertId)
                .put("unit_id", l.unitId)
                .put("type", l.type)
                .time("opened_at", l.openedAt)
                .put("state", l.state.name())
                .time("reviewed_at", l.reviewedAt)
                .put("verdict", l.verdict)
                .put("by", l.by)
                .toString();
    }

    private void save(Lead l, long at, Context ctx) throws Exception {
        l.version++;
        l.changedAt = Math.max(l.changedAt, at);
        lead.update(l);
        ctx.output(LEADS, l);
        ctx.timerService().registerEventTimeTimer(l.changedAt + retentionMs);
    }
}
