package org.cemsflow.ingestion;

import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.IngestOptions;
import org.cemsflow.model.RawFrame;
import org.cemsflow.quality.QualityEvent;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.SideInput;

/**
 * Raw frames (timestamps and watermarks assigned at the source, see {@link FrameTimestamps}) to
 * accepted uploads of readings. Every frame ends up as readings of an accepted data upload, an
 * accepted non-data frame, a duplicate, or a dead letter with its reason.
 */
public final class IngestionPipeline {
    private IngestionPipeline() {}

    /**
     * @param uploads the accepted data uploads, still partitioned by MN as the frame gate keyed
     *                them (a later operator may take them as keyed by {@link FrameGate#keyOf})
     */
    public record Outputs(
            DataStream<DecodedFrame> uploads,
            DataStream<RejectedFrame> rejected,
            DataStream<QualityEvent> quality) {}

    /**
     * @param reference devices (and limits, ignored here) as a broadcast stream
     * @param initial the devices of the reference directory, known before the stream says anything
     */
    public static Outputs define(
            DataStream<RawFrame> raw,
            DataStream<SideInput> reference,
            boolean waitForSnapshot,
            CemsflowSettings settings,
            ReferenceData initial) {
        long maxFuture = settings.get(IngestOptions.MAX_FUTURE).toMillis();
        FrameValidator validator =
                new FrameValidator(settings.get(IngestOptions.ACCEPT_UNKNOWN), maxFuture);
        BroadcastStream<SideInput> devices =
                reference.broadcast(FrameGate.DEVICES, FrameGate.LOADED);
        SingleOutputStreamOperator<DecodedFrame> accepted =
                raw.keyBy(FrameGate::keyOf)
                        .connect(devices)
                        .process(
                                new FrameGate(
                                        validator,
                                        initial,
                                        waitForSnapshot,
                                        settings.get(AggregationOptions.ALLOWED_LATENESS),
                                        settings.get(IngestOptions.REASSEMBLY_TIMEOUT)))
                        .returns(DecodedFrameSerializer.TYPE)
                        .uid("frame-gate")
                        .name("Validate, decode, de-duplicate HJ 212");
        DataStream<RejectedFrame> rejected = accepted.getSideOutput(FrameGate.REJECTED);
        DataStream<QualityEvent> quality =
                accepted.filter(f -> f.data || QualityEvent.isHeartbeat(f.cn) && f.dataTime > 0)
                        .map(
                                f ->
                                        f.data
                                                ? QualityEvent.frame(
                                                        f.mn,
                                                        f.dataTime,
                                                        f.readings.size(),
                                                        f.isBackfilled())
                                                : QualityEvent.heartbeat(f.mn, f.dataTime))
                        .returns(QualityEventSerializer.TYPE)
                        .uid("frame-quality")
                        .name("Frames and heartbeats for data quality")
                        .union(
                                rejected.filter(r -> r.getMn() != null && r.getDataTime() != null)
                                        .map(r -> QualityEvent.rejected(r, maxFuture))
                                        .returns(QualityEventSerializer.TYPE)
                                        .uid("rejected-quality")
                                        .name("Rejections for data quality"));
        return new Outputs(accepted, rejected, quality);
    }
}
