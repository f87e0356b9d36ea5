package org.cemsflow.quota;

import java.io.Serializable;
import java.util.Set;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.ExceedanceOptions;
import org.cemsflow.config.QuotaOptions;

/**
 * What the quota rules need of the settings, immutable.
 *
 * @param shortGapHours gaps up to this long get the mean of the valid hours around them
 * @param lookbackValidHours longer gaps get the maximum hourly mass of this many previous valid hours
 * @param markDeadlineMs a mark counts when made no later than the hour's end plus this
 * @param shutdownKinds mark kinds that declare the unit stopped
 * @param warnRatio QUOTA_80 at this share of the permit
 * @param confirmRatio QUOTA_100 at this share
 * @param answerMs an alert's answer deadline after its detection
 * @param latenessMs how long after an hour's end its mass may still be corrected
 */
public record QuotaParams(
        int shortGapHours,
        int lookbackValidHours,
        long markDeadlineMs,
        Set<String> shutdownKinds,
        double warnRatio,
        double confirmRatio,
        long answerMs,
        long latenessMs)
        implements Serializable {
    public QuotaParams {
        shutdownKinds = Set.copyOf(shutdownKinds);
    }

    public static QuotaParams of(CemsflowSettings s) {
        return new QuotaParams(
                s.get(QuotaOptions.SHORT_GAP_HOURS),
                s.get(QuotaOptions.LOOKBACK_VALID_HOURS),
                s.get(ExceedanceOptions.MARKS_DEADLINE).toMillis(),
                s.set(QuotaOptions.SHUTDOWN_KINDS),
                s.get(QuotaOptions.WARN_RATIO),
                s.get(QuotaOptions.CONFIRM_RATIO),
                s.get(ExceedanceOptions.ANSWER_DEADLINE).toMillis(),
                s.get(AggregationOptions.ALLOWED_LATENESS).toMillis());
    }
}
