package org.cemsflow.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.cemsflow.avro.AlertChannel;
import org.cemsflow.model.AlertType;

/** The supervision workflow: which alert types are orders, notices or leads, and how answers and reviews are matched. */
public final class SupervisionOptions {
    private SupervisionOptions() {}

    public static final ConfigOption<Duration> ANSWER_RETENTION =
            OptionDefs.duration(
                    "supervision.answer-retention",
                    "PT720H",
                    "an answer is matched to its order up to this long after the deadline");

    public static final ConfigOption<List<String>> ORDER_TYPES =
            OptionDefs.list(
                    "supervision.order-types",
                    AlertType.defaultsOf(AlertChannel.ORDER),
                    "alert types that open an order to the unit, to be "
                            + "answered within the deadline and escalated when not (guideline 二(二): exceedance data)");

    public static final ConfigOption<List<String>> NOTICE_TYPES =
            OptionDefs.list(
                    "supervision.notice-types",
                    AlertType.defaultsOf(AlertChannel.NOTICE),
                    "alert types that tell the unit, no answer required (guideline 二(三): "
                            + "warn at 80 % of the permitted quantity)");

    public static final ConfigOption<List<String>> LEAD_TYPES =
            OptionDefs.list(
                    "supervision.lead-types",
                    AlertType.defaultsOf(AlertChannel.LEAD),
                    "alert types that are leads for "
                            + "the regulator's review, confirmed (referred to enforcement) or dismissed (guideline 二(三), 二(四))");

    public static final ConfigOption<String> REVIEWS_TOPIC =
            OptionDefs.text(
                    "kafka.topic.reviews",
                    "cemsflow.reviews",
                    "the regulator's reviews of leads, JSON lines as in run-local --reviews");

    public static final ConfigOption<Duration> TRANSPORT_GRACE =
            OptionDefs.duration(
                    "supervision.transport-grace",
                    "PT15M",
                    "an answer stamped by its deadline may arrive this long (event time) after it "
                            + "and still count as in time: overdue is decided only then (a later one retracts the overdue it caused)");

    public static final ConfigOption<String> FEEDBACK_TOPIC =
            OptionDefs.text(
                    "kafka.topic.feedback",
                    "cemsflow.feedback",
                    "units' answers, JSON lines as in run-local --feedback");
}
