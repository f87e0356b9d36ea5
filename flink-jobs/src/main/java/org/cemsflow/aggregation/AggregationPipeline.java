package org.cemsflow.aggregation;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.protocol.RejectReason;
import org.cemsflow.time.LocalTimes;

/**
 * Uploads of readings (with event-time timestamps and watermarks) to hourly and daily means. A
 * function from streams to streams: the streaming job and the local run wire its inputs and
 * outputs.
 */
public final class AggregationPipeline {
    private AggregationPipeline() {}

    /** The pipeline's outputs: hourly and daily rows (later revisions replace earlier ones) and late readings. */
    public record Outputs(
            DataStream<Aggregate> hourly,
            DataStream<Aggregate> daily,
            DataStream<RejectedFrame> late) {}

    /**
     * @param uploads data uploads keyed by MN (each a device's readings of one instant): by {@code
     *     keyBy}, or reinterpreted where they are already partitioned by it (the frame gate's
     *     output)
     */
    public static Outputs define(
            KeyedStream<DecodedFrame, String> uploads, CemsflowSettings settings) {
        AggregationParams params = AggregationParams.of(settings);
        SingleOutputStreamOperator<Aggregate> hourly =
                uploads.process(new HourlyAggregator(params))
                        .returns(AggregateSerializer.TYPE)
                        .uid("hourly-means")
                        .name("Hourly means");
        // a device's hours come out where its readings went in: no shuffle to the daily means
        DataStream<Aggregate> daily =
                DataStreamUtils.reinterpretAsKeyedStream(hourly, Aggregate::getMn, Types.STRING)
                        .process(new DailyAggregator(params))
                        .returns(AggregateSerializer.TYPE)
                        .uid("daily-means")
                        .name("Daily means");
        DataStream<RejectedFrame> late =
                hourly.getSideOutput(HourlyAggregator.LATE)
                        .map(AggregationPipeline::lateReading)
                        .returns(TypeInformation.of(RejectedFrame.class))
                        .uid("late-readings")
                        .name("Late readings to dead letters");
        return new Outputs(hourly, daily, late);
    }

    /** A reading beyond the allowed lateness, as a dead letter (the frame was already decoded). */
    static RejectedFrame lateReading(Reading r) {
        String raw =
                r.getMn()
                        + " CN="
                        + r.getCn()
                        + " "
                        + r.getCode()
                        + " DataTime="
                        + LocalTimes.iso(r.getDataTime());
        // one row each in rejected_frames, whose key is (source, reason): the reading names itself
        String source =
                "reading:"
                        + r.getMn()
                        + ":"
                        + r.getCn()
                        + ":"
                        + r.getCode()
                        + "@"
                        + r.getDataTime();
        return new RejectedFrame(
                RejectReason.LATE.name(),
                "beyond the allowed lateness",
                raw,
                source,
                r.getMn(),
                r.getDataTime(),
                null);
    }
}
