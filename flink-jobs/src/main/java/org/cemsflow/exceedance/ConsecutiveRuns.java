package org.cemsflow.exceedance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one definition of "periods over the limit in a row" that both the CEP rule
 * ({@link ConsecutiveHoursRule}) and the case tracker ({@link ExceedanceCaseTracker}) use: a period
 * counts when its verdict is exceeding (valid, not excused, over the limit), and it continues a
 * run when it starts where the previous one ended on the clock (a missing period breaks the run).
 */
public final class ConsecutiveRuns {
    private ConsecutiveRuns() {}

    /** The period counts towards a run. */
    public static boolean counts(Verdict v) {
        return v.exceeding;
    }

    /** {@code next} continues a run that ends with {@code previous}. */
    public static boolean follows(Verdict previous, Verdict next) {
        return counts(previous) && counts(next) && next.periodStart == previous.periodEnd;
    }

    /**
     * The maximal runs of at least {@code minRun} periods among verdicts ordered by period start;
     * with {@code merge} false each counting period is a run of its own (the daily rule).
     */
    public static List<List<Verdict>> runs(Collection<Verdict> ordered, int minRun, boolean merge) {
        List<List<Verdict>> runs = new ArrayList<>();
        List<Verdict> current = new ArrayList<>();
        Verdict prev = null;
        for (Verdict v : ordered) {
            if (!counts(v) || !(merge && prev != null && follows(prev, v))) {
                if (current.size() >= minRun) {
                    runs.add(current);
                }
                current = new ArrayList<>();
            }
            if (counts(v)) {
                current.add(v);
            }
            prev = v;
        }
        if (current.size() >= minRun) {
            runs.add(current);
        }
        return runs;
    }
}
