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
    EXCEEDANCE_3H(
            AlertChannel.ORDER,
            false,
            Guideline.NAME
                    + ", 二(二): the hourly mean of a main air pollutant over"
                    + " its limit for 3 consecutive hours goes to the unit as an electronic supervision order (电子督办单), to be"
                    + " verified and answered within 12 hours; hourly means, their validity and the reference-oxygen correction"
                    + " as in HJ 75-2017, data as transmitted under HJ 212-2017"),
    EXCEEDANCE_DAILY(
            AlertChannel.ORDER,
            false,
            Guideline.NAME
                    + ", 二(二): the daily (24 h) mean of a main water"
                    + " pollutant over its limit (or of any pollutant whose standard sets a daily limit) goes to the unit as an"
                    + " electronic supervision order, to be verified and answered within 12 hours; daily means as in HJ 75-2017"
                    + " and HJ 356-2019"),
    QUOTA_80(
            AlertChannel.NOTICE,
            false,
            Guideline.NAME
                    + ", 二(三): emissions reaching 80 % of the permitted annual"
                    + " quantity (排污许可量) are a warning to the unit; quantities from automatic-monitoring data, gaps filled by"
                    + " manual substitute monitoring"),
    QUOTA_100(
            AlertChannel.LEAD,
            false,
            Guideline.NAME
                    + ", 二(三): emissions reaching 100 % of the permitted annual"
                    + " quantity are confirmed by the monitoring department and reported monthly to enforcement"),
    TREATMENT_NOT_RUNNING(
            AlertChannel.LEAD,
            false,
            Guideline.NAME
                    + ", 二(四): electricity use (分表计电) shows"
                    + " production running while the treatment facility is not"),
    DATA_MISSING_WHILE_PRODUCING(
            AlertChannel.LEAD,
            false,
            Guideline.NAME
                    + ", 二(四): the monitoring device stopped"
                    + " sending while production power or flow shows the unit producing"),
    CONSTANT_VALUE(
            AlertChannel.LEAD,
            false,
            Guideline.NAME
                    + ", 二(四): identical values over a long run (恒值), a"
                    + " sign of suspected falsification or a stuck analyser"),
    ZERO_VALUE(
            AlertChannel.LEAD,
            false,
            Guideline.NAME
                    + ", 二(四): zero values while the plant runs (flow and O2"
                    + " normal), unlike a real shutdown"),
    SUDDEN_CHANGE(
            AlertChannel.LEAD,
            false,
            Guideline.NAME
                    + ", 二(四): an abnormal change (突变) of the monitoring"
                    + " data that production and flow do not explain"),
    LOAD_DECOUPLING(
            AlertChannel.LEAD,
            false,
            Guideline.NAME
                    + ", 二(四): production and treatment out of step with"
                    + " the monitoring data"),
    DECLARED_STOP_BUT_RUNNING(
            AlertChannel.LEAD,
            false,
            Guideline.NAME
                    + ", 二(四): declared stopped, but power or"
                    + " flow shows production: transmitted data inconsistent with the site"),
    CONVERSION_MISMATCH(
            AlertChannel.LEAD,
            false,
            Guideline.NAME
                    + ", 二(四): logical relations of the data: the"
                    + " reported corrected value differs from the one recomputed from the measured value and O2 by the"
                    + " reference-oxygen correction of HJ 75-2017"),
    /** An order not answered by its deadline (the workflow's own: always on the order channel). */
    FEEDBACK_OVERDUE(
            AlertChannel.ORDER,
            true,
            Guideline.NAME
                    + ", 二(二): the unit must verify and answer an"
                    + " electronic supervision order within 12 hours"),
    /** A unit's overdue orders climbing the ladder: reminder, warning, interview. */
    ESCALATION(
            AlertChannel.ORDER,
            true,
            Guideline.NAME
                    + ", 二(二): a unit that does not answer is reminded the"
                    + " 1st time, warned the 2nd and interviewed (约谈) the 3rd");

    private final AlertChannel defaultChannel;
    private final boolean workflow;
    private final String clause;

    AlertType(AlertChannel defaultChannel, boolean workflow, String clause) {
        this.defaultChannel = defaultChannel;
        this.workflow = workflow;
        this.clause = clause;
    }

    /** The clause of the regulation the type enforces, in the regulation's own terms: the alert's {@code rule}. */
    public String clause() {
        return clause;
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

    /** The regulation most clauses cite (an enum constant cannot name a static field of its own enum). */
    private static final class Guideline {
        static final String NAME =
                "Inner Mongolia 2021 guideline on automatic-monitoring data of key dischargers (事前预警、事中监管、事后执法)";
    }
}
