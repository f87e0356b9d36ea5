package org.cemsflow.aggregation;

import java.io.Serializable;
import java.util.Set;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;

/**
 * What the hourly and daily mean rules need of the settings, immutable.
 *
 * @param validFlags data flags whose values count
 * @param minCoverageMinutes an hourly mean is valid with at least this many covered minutes
 * @param minValidHours a daily mean is valid with at least this many valid hours
 * @param stackStoppedO2 no corrected mean when the hour's O2 is at or above this
 * @param massCodes codes that get flow volume and emission mass
 * @param latenessMs how long after a period's end a late reading still corrects it
 */
public record AggregationParams(
        Set<String> validFlags,
        int minCoverageMinutes,
        int minValidHours,
        double stackStoppedO2,
        Set<String> massCodes,
        long latenessMs)
        implements Serializable {
    public AggregationParams {
        validFlags = Set.copyOf(validFlags);
        massCodes = Set.copyOf(massCodes);
    }

    public static AggregationParams of(CemsflowSettings s) {
        return new AggregationParams(
                s.set(AggregationOptions.VALID_FLAGS),
                s.get(AggregationOptions.MIN_COVERAGE_MINUTES),
                s.get(AggregationOptions.MIN_VALID_HOURS),
                s.get(AggregationOptions.STACK_STOPPED_O2),
                s.set(AggregationOptions.MASS_CODES),
                s.get(AggregationOptions.ALLOWED_LATENESS).toMillis());
    }
}
