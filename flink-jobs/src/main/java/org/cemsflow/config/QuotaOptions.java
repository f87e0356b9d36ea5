package org.cemsflow.config;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Permitted quantity: the 80 % and 100 % thresholds and how missing hours are substituted. */
public final class QuotaOptions {
    private QuotaOptions() {}

    public static final ConfigOption<Double> WARN_RATIO =
            OptionDefs.positive(
                    "quota.warn-ratio",
                    "0.8",
                    "QUOTA_80 when the year's mass reaches this share of the permit");

    public static final ConfigOption<Double> CONFIRM_RATIO =
            OptionDefs.positive(
                    "quota.confirm-ratio", "1.0", "QUOTA_100 when it reaches this share");

    public static final ConfigOption<Integer> SHORT_GAP_HOURS =
            OptionDefs.integer(
                    "quota.short-gap-hours",
                    24,
                    1,
                    8784,
                    "gaps up to this long get the mean of the valid hours around them (HJ 75, confirm)");

    public static final ConfigOption<Integer> LOOKBACK_VALID_HOURS =
            OptionDefs.integer(
                    "quota.lookback-valid-hours",
                    720,
                    1,
                    100000,
                    "longer gaps get the maximum hourly mass of this many previous valid hours");

    public static final ConfigOption<Double> PRODUCTION_RUNNING_RATIO =
            OptionDefs.positive(
                    "production.running-ratio",
                    "0.2",
                    "a production meter at >= this x rated power shows the unit running");

    public static final ConfigOption<List<String>> SHUTDOWN_KINDS =
            OptionDefs.list(
                    "quota.shutdown-kinds",
                    "shutdown,stop",
                    "mark kinds that declare the unit stopped: no substitution then");

    public static final ConfigOption<String> SUBSTITUTES_TOPIC =
            OptionDefs.text(
                    "kafka.topic.substitutes",
                    "cemsflow.substitutes",
                    "manual substitute monitoring data, JSON lines as in --substitutes");
}
