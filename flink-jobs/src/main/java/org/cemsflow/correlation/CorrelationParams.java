package org.cemsflow.correlation;

import java.io.Serializable;
import java.util.Set;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.CorrelationOptions;
import org.cemsflow.config.ExceedanceOptions;
import org.cemsflow.config.IngestOptions;
import org.cemsflow.config.QuotaOptions;

/**
 * What the correlation detectors need of the settings, immutable; durations in milliseconds. The
 * options of {@link CorrelationOptions} say what each threshold means.
 */
public record CorrelationParams(
        Set<String> detectors,
        long idleRetentionMs,
        long answerMs,
        long markDeadlineMs,
        double stackStoppedO2,
        String powerCode,
        String waterCode,
        double runningRatio,
        Set<String> shutdownKinds,
        double treatmentStoppedRatio,
        long treatmentMinMs,
        long missingMinMs,
        long zeroMinMs,
        double conversionTolerance,
        long conversionMinMs,
        long declaredStopMinMs,
        int suddenWindowRecords,
        double suddenK,
        double suddenMinRelative,
        long suddenMergeGapMs,
        int ratedLearnDays,
        int ratedMinDays,
        double ratedPercentile,
        int decouplingBaselineDays,
        int decouplingMinDays,
        double decouplingDrop,
        int constantMinRecords,
        long constantMinMs,
        double constantTolerance,
        Set<String> constantExcludedCodes,
        Set<String> analyserCodes)
        implements Serializable {

    public CorrelationParams {
        detectors = Set.copyOf(detectors);
        shutdownKinds = Set.copyOf(shutdownKinds);
        // looked up for every reading by the device rules: hash sets, where a miss (most codes) is
        // a mask and an empty bucket; the immutable sets' probe divides by their size
        constantExcludedCodes = hashed(constantExcludedCodes);
        analyserCodes = hashed(analyserCodes);
    }

    private static Set<String> hashed(Set<String> codes) {
        return java.util.Collections.unmodifiableSet(new java.util.HashSet<>(codes));
    }

    public static CorrelationParams of(CemsflowSettings s) {
        return new CorrelationParams(
                s.set(CorrelationOptions.DETECTORS),
                ms(s, CorrelationOptions.IDLE_RETENTION),
                ms(s, ExceedanceOptions.ANSWER_DEADLINE),
                ms(s, ExceedanceOptions.MARKS_DEADLINE),
                s.get(AggregationOptions.STACK_STOPPED_O2),
                s.get(IngestOptions.POWER_CODE),
                s.get(IngestOptions.WATER_CODE),
                s.get(QuotaOptions.PRODUCTION_RUNNING_RATIO),
                s.set(QuotaOptions.SHUTDOWN_KINDS),
                s.get(CorrelationOptions.TREATMENT_STOPPED_RATIO),
                ms(s, CorrelationOptions.TREATMENT_MIN_DURATION),
                ms(s, CorrelationOptions.MISSING_MIN_DURATION),
                ms(s, CorrelationOptions.ZERO_MIN_DURATION),
                s.get(CorrelationOptions.CONVERSION_TOLERANCE),
                ms(s, CorrelationOptions.CONVERSION_MIN_DURATION),
                ms(s, CorrelationOptions.DECLARED_STOP_MIN_DURATION),
                s.get(CorrelationOptions.SUDDEN_WINDOW_RECORDS),
                s.get(CorrelationOptions.SUDDEN_K),
                s.get(CorrelationOptions.SUDDEN_MIN_RELATIVE),
                ms(s, CorrelationOptions.SUDDEN_MERGE_GAP),
                s.get(CorrelationOptions.RATED_LEARN_DAYS),
                s.get(CorrelationOptions.RATED_MIN_DAYS),
                s.get(CorrelationOptions.RATED_PERCENTILE),
                s.get(CorrelationOptions.DECOUPLING_BASELINE_DAYS),
                s.get(CorrelationOptions.DECOUPLING_MIN_DAYS),
                s.get(CorrelationOptions.DECOUPLING_DROP),
                s.get(CorrelationOptions.CONSTANT_MIN_RECORDS),
                ms(s, CorrelationOptions.CONSTANT_MIN_DURATION),
                s.get(CorrelationOptions.CONSTANT_TOLERANCE),
                s.set(CorrelationOptions.CONSTANT_EXCLUDED_CODES),
                s.set(CorrelationOptions.CONSTANT_ANALYSER_CODES));
    }

    private static long ms(
            CemsflowSettings s, org.apache.flink.configuration.ConfigOption<java.time.Duration> o) {
        return s.get(o).toMillis();
    }
}
