package org.cemsflow.exceedance;

import java.io.Serializable;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.ExceedanceOptions;

/**
 * What the exceedance rules need of the settings, immutable.
 *
 * @param consecutiveHours hourly means over the limit in a row that raise EXCEEDANCE_3H
 * @param markDeadlineMs a mark excuses an hour when made no later than the hour's end plus this
 * @param latenessMs how long after a period's end its mean may still be corrected
 * @param answerMs an alert's answer deadline after its detection
 * @param criticalRatio value / limit at or above which an exceedance is critical
 */
public record ExceedanceParams(
        int consecutiveHours,
        long markDeadlineMs,
        long latenessMs,
        long answerMs,
        double criticalRatio)
        implements Serializable {
    public static ExceedanceParams of(CemsflowSettings s) {
        return new ExceedanceParams(
                s.get(ExceedanceOptions.CONSECUTIVE_HOURS),
                s.get(ExceedanceOptions.MARKS_DEADLINE).toMillis(),
                s.get(AggregationOptions.ALLOWED_LATENESS).toMillis(),
                s.get(ExceedanceOptions.ANSWER_DEADLINE).toMillis(),
                s.get(ExceedanceOptions.CRITICAL_RATIO));
    }
}
