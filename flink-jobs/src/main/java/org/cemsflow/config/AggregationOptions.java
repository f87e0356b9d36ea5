package org.cemsflow.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Validity and aggregation: which values count, when an hourly or daily mean is valid, O2 correction, emission mass, and how long a late reading still corrects an aggregate. */
public final class AggregationOptions {
    private AggregationOptions() {}

    public static final ConfigOption<List<String>> VALID_FLAGS =
            OptionDefs.list(
                    "validity.valid-flags",
                    "N",
                    "data flags whose values count (only N by default)");

    public static final ConfigOption<Integer> MIN_COVERAGE_MINUTES =
            OptionDefs.integer(
                    "hourly.min-coverage-minutes",
                    45,
                    1,
                    60,
                    "an hourly mean is valid with >= this many covered minutes (HJ 75-2017, confirm)");

    public static final ConfigOption<Integer> MIN_VALID_HOURS =
            OptionDefs.integer(
                    "daily.min-valid-hours",
                    20,
                    1,
                    24,
                    "a daily mean is valid with >= this many valid hours (HJ 75-2017, confirm; some platforms 18)");

    public static final ConfigOption<Double> STACK_STOPPED_O2 =
            OptionDefs.number(
                    "o2.stack-stopped-percent",
                    "19.0",
                    d -> d > 0 && d <= 21,
                    "a number in (0, 21]",
                    "no corrected mean when the hour's O2 is at or above this (stack stopped)");

    public static final ConfigOption<List<String>> MASS_CODES =
            OptionDefs.list(
                    "mass.pollutant-codes",
                    "a34013,a21026,a21002,a21005,w01018,w21003,w21011,w21001,w01012",
                    "codes that get flow volume and emission mass; water ones are flow-weighted daily");

    public static final ConfigOption<Duration> ALLOWED_LATENESS =
            OptionDefs.duration(
                    "aggregation.allowed-lateness",
                    "PT6H",
                    "late readings within this re-emit the corrected aggregate (up to ~4 h out of order)");
}
