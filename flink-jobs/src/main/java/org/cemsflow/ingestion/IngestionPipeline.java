package org.cemsflow.ingestion;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.quality.QualityEvent;
import org.cemsflow.reference.ReferenceData;

/**
 * Raw frames (timestamps and watermarks assigned at the source, see {@link FrameTimestamps}) to
 * readings. Every frame ends up as readings of an accepted data upload, an accepted non-data
 * frame, a duplicate, or a dead letter with its reason.
 */
public final class IngestionPipeline {
    private IngestionPipeline() {}

    public record Outputs(DataStream<Reading> readings, DataStream<RejectedFrame> rejected,
                          DataStream<QualityEvent> quality) {}

    public static Outputs define(DataStream<RawFrame> raw, CemsflowSettings settings, ReferenceData reference) {
        FrameValidator validator = new FrameValidator(reference, settings.bool("reference.accept-unknown"),
                settings.duration("ingest.max-future").toMillis());
        SingleOutputStreamOperator<DecodedFrame> decoded = raw
                .process(new FrameValidation(validator))
                .returns(TypeInformation.of(DecodedFrame.class))
                .uid("validate-frames")
                .name("Validate and decode HJ 212");
        SingleOutputStreamOperator<DecodedFrame> unique = decoded
                .keyBy(f -> f.mn)
                .process(new FrameDeduplicator(settings.duration("ingest.dedup-horizon"), settings.allowedLateness()))
                .returns(TypeInformation.of(DecodedFrame.class))
                .uid("dedup-frames")
                .name("Remove retransmissions, late frames");
        DataStream<Reading> readings = unique
                .flatMap((DecodedFrame f, Collector<Reading> out) -> f.readings.forEach(out::collect))
                .returns(TypeInformation.of(Reading.class))
                .uid("frame-readings")
                .name("Readings");
        DataStream<RejectedFrame> rejected = decoded.getSideOutput(FrameValidation.REJECTED)
                .union(unique.getSideOutput(FrameDeduplicator.LATE));
        DataStream<QualityEvent> quality = unique
                .filter(f -> f.data)
                .map(f -> QualityEvent.frame(f.mn, f.dataTime, f.readings.size()))
                .returns(TypeInformation.of(QualityEvent.class))
                .uid("frame-quality")
                .name("Frames for data quality")
                .union(rejected
                        .filter(r -> r.getMn() != null && r.getDataTime() != null)
                        .map(r -> QualityEvent.rejected(r.getMn(), r.getDataTime(), r.getReason()))
                        .returns(TypeInformation.of(QualityEvent.class))
                        .uid("rejected-quality")
                        .name("Rejections for data quality"));
        return new Outputs(readings, rejected, quality);
    }
}
