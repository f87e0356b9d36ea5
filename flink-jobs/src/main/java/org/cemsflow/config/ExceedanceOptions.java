package org.cemsflow.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/** Exceedance rules and the alerts they raise: the consecutive-hours run, marks that excuse an hour, the answer deadline and severity. */
public final class ExceedanceOptions {
    private ExceedanceOptions() {}

    public static final ConfigOption<Integer> CONSECUTIVE_HOURS =
            OptionDefs.integer(
                    "exceedance.consecutive-hours",
                    3,
                    2,
                    24,
                    "hourly means over the limit in a row that raise EXCEEDANCE_3H");

    public static final ConfigOption<Duration> MARKS_DEADLINE =
            OptionDefs.duration(
                    "marks.deadline",
                    "PT12H",
                    "a mark excuses an hour when made no later than the hour's end plus this");

    public static final ConfigOption<Duration> ANSWER_DEADLINE =
            OptionDefs.duration(
                    "alerts.answer-deadline",
                    "PT12H",
                    "deadline of an alert = detection + this (the unit must answer within 12 h)");

    public static final ConfigOption<Double> CRITICAL_RATIO =
            OptionDefs.number(
                    "alerts.critical-ratio",
                    "2.0",
                    d -> d > 1,
                    "a number > 1",
                    "value / limit at or above which an exceedance is critical rather than high");
}
