package org.cemsflow.exceedance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.reference.Limit;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.SideInput;

/**
 * Hourly and daily means plus the side inputs (marks keyed by device, limits broadcast) to alert events: the judge, the
 * consecutive-hours CEP rule with its case tracker, and the daily rule with its own.
 */
public final class ExceedancePipeline {
    public static final String DAILY = "EXCEEDANCE_DAILY";

    private ExceedancePipeline() {}

    /**
     * @param waitForSnapshot hold means until the side input says the reference snapshot is loaded
     */
    public static DataStream<AlertEvent> define(
            DataStream<Aggregate> hourly,
            DataStream<Aggregate> daily,
            DataStream<Mark> marks,
            DataStream<SideInput> limits,
            CemsflowSettings settings,
            List<Limit> initialLimits,
            boolean waitForSnapshot) {
        ExceedanceParams params = ExceedanceParams.of(settings);
        BroadcastStream<SideInput> broadcast =
                limits.broadcast(ExceedanceJudge.LIMITS, ExceedanceJudge.LOADED);
        DataStream<Verdict> verdicts =
                hourly.union(daily)
                        .map(JudgeInput::mean)
                        .returns(TypeInformation.of(JudgeInput.class))
                        .name("Means to judge")
                        .union(
                                marks.map(JudgeInput::mark)
                                        .returns(TypeInformation.of(JudgeInput.class))
                                        .name("Marks to judge"))
                        .keyBy(JudgeInput::mn)
                        .connect(broadcast)
                        .process(new ExceedanceJudge(params, initialLimits, waitForSnapshot))
                        .returns(TypeInformation.of(Verdict.class))
                        .uid("exceedance-judge")
                        .name("Judge means against limits and marks");

        DataStream<Verdict> hourlyVerdicts = verdicts.filter(v -> !v.daily).name("Hourly verdicts");
        ConsecutiveHoursRule rule = new ConsecutiveHoursRule(params.consecutiveHours());
        DataStream<TrackerInput> matches =
                CEP.pattern(hourlyVerdicts.keyBy(Verdict::caseKey), rule.pattern())
                        .process(new MatchToTrackerInput())
                        .returns(TypeInformation.of(TrackerInput.class))
                        .uid("cep-consecutive-hours")
                        .name("CEP " + ConsecutiveHoursRule.NAME);
        DataStream<AlertEvent> threeHours =
                matches.union(
                                hourlyVerdicts
                                        .map(TrackerInput::verdict)
                                        .returns(TypeInformation.of(TrackerInput.class))
                                        .name("Hourly verdicts to tracker"))
                        .keyBy(TrackerInput::key)
                        .process(
                                new ExceedanceCaseTracker(
                                        ConsecutiveHoursRule.NAME, rule.hours(), true, params))
                        .returns(TypeInformation.of(AlertEvent.class))
                        .uid("exceedance-3h-cases")
                        .name("EXCEEDANCE_3H cases");
        DataStream<AlertEvent> days =
                verdicts.filter(v -> v.daily)
                        .name("Daily verdicts")
                        .map(TrackerInput::verdict)
                        .returns(TypeInformation.of(TrackerInput.class))
                        .keyBy(TrackerInput::key)
                        .process(new ExceedanceCaseTracker(DAILY, 1, false, params))
                        .returns(TypeInformation.of(AlertEvent.class))
                        .uid("exceedance-daily-cases")
                        .name("EXCEEDANCE_DAILY cases");
        return threeHours.union(days);
    }

    /** A CEP match as tracker input: the matched hours in order. */
    static final class MatchToTrackerInput extends PatternProcessFunction<Verdict, TrackerInput> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processMatch(
                Map<String, List<Verdict>> match, Context ctx, Collector<TrackerInput> out) {
            List<Verdict> hours = new ArrayList<>();
            for (int i = 1; match.containsKey(ConsecutiveHoursRule.step(i)); i++) {
                hours.addAll(match.get(ConsecutiveHoursRule.step(i)));
            }
            out.collect(TrackerInput.match(hours));
        }
    }
}
