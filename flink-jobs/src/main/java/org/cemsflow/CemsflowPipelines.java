package org.cemsflow;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.cemsflow.aggregation.AggregationPipeline;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.ingestion.IngestionPipeline;
import org.cemsflow.ingestion.RawFrame;
import org.cemsflow.quality.DataQuality;
import org.cemsflow.quality.DataQualityAggregator;
import org.cemsflow.quality.QualityEvent;
import org.cemsflow.reference.ReferenceData;

/**
 * The streaming job as a function: raw frames in, every output stream out. {@code main} wires
 * Kafka and ClickHouse to it; tests wire bounded sources and collecting sinks.
 */
public final class CemsflowPipelines {
    private CemsflowPipelines() {}

    public record Outputs(DataStream<Aggregate> hourly, DataStream<Aggregate> daily,
                          DataStream<RejectedFrame> rejected, DataStream<DataQuality> quality) {}

    public static Outputs define(DataStream<RawFrame> raw, CemsflowSettings settings, ReferenceData reference) {
        IngestionPipeline.Outputs in = IngestionPipeline.define(raw, settings, reference);
        AggregationPipeline.Outputs agg = AggregationPipeline.define(in.readings(), settings, reference);
        DataStream<QualityEvent> hours = agg.hourly()
                .map(a -> QualityEvent.hour(a.getMn(), a.getPeriodStart(), a.getValid()))
                .returns(TypeInformation.of(QualityEvent.class))
                .uid("hour-quality")
                .name("Hours for data quality");
        DataStream<DataQuality> quality = in.quality().union(hours)
                .keyBy(e -> e.mn)
                .process(new DataQualityAggregator(settings.allowedLateness()))
                .returns(TypeInformation.of(DataQuality.class))
                .uid("data-quality")
                .name("Data quality per device and day");
        return new Outputs(agg.hourly(), agg.daily(), in.rejected().union(agg.late()), quality);
    }
}
