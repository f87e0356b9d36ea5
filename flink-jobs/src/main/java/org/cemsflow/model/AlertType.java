package org.cemsflow.model;

import java.util.LinkedHashSet;
import java.util.Set;
import org.cemsflow.avro.AlertChannel;

/**
 * Every alert type, and the channel it takes unless the settings say otherwise. The guideline
 * (Inner Mongolia 2021, "pre-warning, in-process supervision, after-the-fact enforcement") sends a
 * finding one of three ways: exceedance data go to the unit as an electronic supervision order
 * that it must verify and answer within 12 hours (section 二(二)); at 80 % of the permitted
 * quantity the unit is warned, no answer required (二(三)); a quantity at 100 % is confirmed by the
 * monitoring department and reported to enforcement, and the analysis of process, power and water
 * data gives leads (suspected falsification, equipment not running) that the department reviews
 * and refers to enforcement (二(三), 二(四)): neither asks the unit anything.
 */
public enum AlertType {
    EXCEEDANCE_3H(AlertChannel.ORDER, false),
    EXCEEDANCE_DAILY(AlertChannel.ORDER, false),
    QUOTA_80(AlertChannel.NOTICE, false),
    QUOTA_100(AlertChannel.LEAD, false),
    TREATMENT_NOT_RUNNING(AlertChannel.LEAD, false),
    DATA_MISSING_WHILE_PRODUCING(AlertChannel.LEAD, false),
    CONSTANT_VALUE(AlertChannel.LEAD, false),
    ZERO_VALUE(AlertChannel.LEAD, false),
    SUDDEN_CHANGE(AlertChannel.LEAD, false),
    LOAD_DECOUPLING(AlertChannel.LEAD, false),
    DECLARED_STOP_BUT_RUNNING(AlertChannel.LEAD, false),
    CONVERSION_MISMATCH(AlertChannel.LEAD, false),
    /** An order not answered by its deadline (the workflow's own: always on the order channel). */
    FEEDBACK_OVERDUE(AlertChannel.ORDER, true),
    /** A unit's overdue orders climbing the ladder: reminder, warning, interview. */
    ESCALATION(AlertChannel.ORDER, true);

    private final AlertChannel defaultChannel;
    private final boolean workflow;

    AlertType(AlertChannel defaultChannel, boolean workflow) {
        this.defaultChannel = defaultChannel;
        this.workflow = workflow;
    }

    public AlertChannel defaultChannel() {
        return defaultChannel;
    }

    /** Raised by the supervision workflow about orders, not by a rule about data. */
    public boolean workflow() {
        return workflow;
    }

    /** The types raised by rules, whose channel is a setting. */
    public static Set<String> ruleTypes() {
        Set<String> out = new LinkedHashSet<>();
        for (AlertType t : values()) {
            if (!t.workflow) {
                out.add(t.name());
            }
        }
        return out;
    }

    /** The rule types that take a channel by default, comma-separated (the settings' defaults). */
    public static String defaultsOf(AlertChannel channel) {
        StringBuilder sb = new StringBuilder();
        for (AlertType t : values()) {
            if (!t.workflow && t.defaultChannel == channel) {
                sb.append(sb.length() == 0 ? "" : ",").append(t.name());
            }
        }
        return sb.toString();
    }
}
