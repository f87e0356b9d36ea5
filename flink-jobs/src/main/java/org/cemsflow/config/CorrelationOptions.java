package org.cemsflow.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** The correlation detectors (falsification signatures): which run and the thresholds of each. */
public final class CorrelationOptions {
    private CorrelationOptions() {}

    /** The alert types of the correlation detectors, all of them run by default. */
    public static final List<String> ALL_DETECTORS =
            List.of(
                    "TREATMENT_NOT_RUNNING",
                    "DATA_MISSING_WHILE_PRODUCING",
                    "CONSTANT_VALUE",
                    "ZERO_VALUE",
                    "SUDDEN_CHANGE",
                    "LOAD_DECOUPLING",
                    "DECLARED_STOP_BUT_RUNNING",
                    "CONVERSION_MISMATCH");

    public static final ConfigOption<Boolean> ENABLED =
            OptionDefs.bool("correlation.enabled", true, "run the correlation detectors");

    public static final ConfigOption<List<String>> DETECTORS =
            OptionDefs.listOf(
                    "correlation.detectors",
                    ALL_DETECTORS,
                    "the correlation detectors that run (any of the default list)");

    public static final ConfigOption<Duration> IDLE_RETENTION =
            OptionDefs.duration(
                    "correlation.idle-retention",
                    "P35D",
                    "a device or unit without data this long (event time) is forgotten by the correlation detectors");

    public static final ConfigOption<Double> TREATMENT_STOPPED_RATIO =
            OptionDefs.positive(
                    "treatment.stopped-ratio",
                    "0.1",
                    "a treatment meter under this x rated power is not running");

    public static final ConfigOption<Duration> TREATMENT_MIN_DURATION =
            OptionDefs.duration(
                    "treatment.min-duration",
                    "PT15M",
                    "TREATMENT_NOT_RUNNING after production runs without treatment this long");

    public static final ConfigOption<Duration> MISSING_MIN_DURATION =
            OptionDefs.duration(
                    "missing.min-duration",
                    "PT60M",
                    "DATA_MISSING_WHILE_PRODUCING after a point sends no valid data this long");

    public static final ConfigOption<Duration> ZERO_MIN_DURATION =
            OptionDefs.duration(
                    "zero.min-duration",
                    "PT60M",
                    "ZERO_VALUE after a value stays at zero this long while the stack runs");

    public static final ConfigOption<Double> CONVERSION_TOLERANCE =
            OptionDefs.positive(
                    "conversion.tolerance",
                    "0.02",
                    "CONVERSION_MISMATCH when a reported Zs value differs from the recomputed one by more than this");

    public static final ConfigOption<Duration> CONVERSION_MIN_DURATION =
            OptionDefs.duration("conversion.min-duration", "PT60M", "... for at least this long");

    public static final ConfigOption<Duration> DECLARED_STOP_MIN_DURATION =
            OptionDefs.duration(
                    "declared-stop.min-duration",
                    "PT15M",
                    "DECLARED_STOP_BUT_RUNNING after running this long inside a declared shutdown");

    public static final ConfigOption<Integer> SUDDEN_WINDOW_RECORDS =
            OptionDefs.integer(
                    "sudden.window-records",
                    60,
                    5,
                    10000,
                    "SUDDEN_CHANGE compares a value with the median of this many previous records");

    public static final ConfigOption<Double> SUDDEN_K =
            OptionDefs.positive(
                    "sudden.k",
                    "6",
                    "... and alerts beyond this many robust standard deviations (1.4826 x MAD)");

    public static final ConfigOption<Double> SUDDEN_MIN_RELATIVE =
            OptionDefs.positive(
                    "sudden.min-relative",
                    "0.5",
                    "... and by at least this share of that median (noise on a tight signal is no jump)");

    public static final ConfigOption<Duration> SUDDEN_MERGE_GAP =
            OptionDefs.duration(
                    "sudden.merge-gap",
                    "PT1H",
                    "... and jumps less than this apart are one episode (a device that spikes every 20 minutes)");

    public static final ConfigOption<Integer> RATED_LEARN_DAYS =
            OptionDefs.integer(
                    "rated.learn-days",
                    60,
                    1,
                    3650,
                    "without rated_kw, a meter's rated power is learned from this many days of its readings");

    public static final ConfigOption<Integer> RATED_MIN_DAYS =
            OptionDefs.integer(
                    "rated.min-days",
                    7,
                    1,
                    3650,
                    "... and not used before this many days of history");

    public static final ConfigOption<Double> RATED_PERCENTILE =
            OptionDefs.positive(
                    "rated.percentile",
                    "0.95",
                    "... as the highest daily percentile of its power over those days");

    public static final ConfigOption<Integer> DECOUPLING_BASELINE_DAYS =
            OptionDefs.integer(
                    "decoupling.baseline-days",
                    14,
                    1,
                    3650,
                    "LOAD_DECOUPLING learns a unit's normal daily load/flow correlation over this many days");

    public static final ConfigOption<Integer> DECOUPLING_MIN_DAYS =
            OptionDefs.integer(
                    "decoupling.min-days", 7, 1, 3650, "... and is silent before this many");

    public static final ConfigOption<Double> DECOUPLING_DROP =
            OptionDefs.positive(
                    "decoupling.drop",
                    "0.5",
                    "... and alerts when a day's correlation is this far below the baseline");

    public static final ConfigOption<Integer> CONSTANT_MIN_RECORDS =
            OptionDefs.integer(
                    "constant.min-records",
                    10,
                    2,
                    100000,
                    "CONSTANT_VALUE needs at least this many equal records in a row");

    public static final ConfigOption<Duration> CONSTANT_MIN_DURATION =
            OptionDefs.duration(
                    "constant.min-duration", "PT60M", "... spanning at least this long");

    public static final ConfigOption<Double> CONSTANT_TOLERANCE =
            OptionDefs.number(
                    "constant.tolerance",
                    "0.0",
                    d -> d >= 0,
                    "a number >= 0",
                    "values within this of the first of the run count as equal");

    public static final ConfigOption<List<String>> CONSTANT_EXCLUDED_CODES =
            OptionDefs.list(
                    "constant.excluded-codes", "a01016", "codes constant by nature (duct area)");

    public static final ConfigOption<List<String>> CONSTANT_ANALYSER_CODES =
            OptionDefs.list(
                    "constant.analyser-codes",
                    "w01018,w21003,w21011,w21001",
                    "water analysers that repeat their last result between samples: judged only by SampleTime");
}
