package org.cemsflow.exceedance;

import java.io.Serializable;
import java.time.Duration;
import java.util.Iterator;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * EXCEEDANCE_3H as a CEP rule ("a main pollutant's hourly mean over its limit for 3
 * consecutive hours"): N hourly verdicts in a row that are exceeding AND whose periods follow each
 * other on the clock. The naive {@code times(3).consecutive()} matches three adjacent events,
 * and an hour with no mean has no event, so 10:00, 11:00, 13:00 would match: each step here
 * checks that its hour starts where the previous one ended ({@link ConsecutiveRuns}, the same
 * definition the case tracker uses). {@code within} N hours from the first
 * event to the last; after a match the search goes on from the next event, so a continuing
 * streak gives overlapping matches that the case tracker merges into one case.
 */
public final class ConsecutiveHoursRule implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "EXCEEDANCE_3H";

    private final int hours;

    public ConsecutiveHoursRule(int hours) {
        this.hours = hours;
    }

    public int hours() {
        return hours;
    }

    public Duration within() {
        return Duration.ofHours(hours);
    }

    public AfterMatchSkipStrategy skipStrategy() {
        return AfterMatchSkipStrategy.skipToNext();
    }

    static String step(int i) {
        return "hour" + i;
    }

    public Pattern<Verdict, Verdict> pattern() {
        Pattern<Verdict, Verdict> p =
                Pattern.<Verdict>begin(step(1), skipStrategy()).where(new Exceeding());
        for (int i = 2; i <= hours; i++) {
            p = p.next(step(i)).where(new FollowsOnTheClock(step(i - 1)));
        }
        return p.within(within());
    }

    /** The hour is over the limit (valid, not excused, corrected mean where required). */
    static final class Exceeding extends SimpleCondition<Verdict> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(Verdict v) {
            return !v.daily && ConsecutiveRuns.counts(v);
        }
    }

    /** Exceeding, and starting exactly one hour after the previous step's hour. */
    static final class FollowsOnTheClock extends IterativeCondition<Verdict> {
        private static final long serialVersionUID = 1L;
        private final String previous;

        FollowsOnTheClock(String previous) {
            this.previous = previous;
        }

        @Override
        public boolean filter(Verdict v, Context<Verdict> ctx) throws Exception {
            if (v.daily) {
                return false;
            }
            Verdict last = null;
            for (Iterator<Verdict> it = ctx.getEventsForPattern(previous).iterator();
                    it.hasNext(); ) {
                last = it.next();
            }
            return last != null && ConsecutiveRuns.follows(last, v);
        }
    }
}
