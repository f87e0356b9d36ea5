package org.cemsflow;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.cemsflow.aggregation.AggregationPipeline;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.exceedance.ExceedancePipeline;
import org.cemsflow.exceedance.SideInput;
import org.cemsflow.ingestion.IngestionPipeline;
import org.cemsflow.ingestion.RawFrame;
import org.cemsflow.quality.DataQuality;
import org.cemsflow.quality.DataQualityAggregator;
import org.cemsflow.quality.QualityEvent;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;

/**
 * The jobs as functions from input streams to output streams. {@code main} (streaming) and the
 * local run wire real sources and sinks to them; tests wire bounded sources and collecting sinks.
 */
public final class CemsflowPipelines {
    private CemsflowPipelines() {}

    /**
     * Side inputs: units' marks (keyed by device) and reference updates (devices and limits,
     * broadcast); with {@code waitForSnapshot} frames and means are held until the reference
     * stream says its snapshot is complete.
     */
    public record SideInputs(DataStream<Mark> marks, DataStream<SideInput> reference, boolean waitForSnapshot) {}

    /** Everything that comes out of readings: means and alert lifecycle events. */
    public record Analytics(DataStream<Aggregate> hourly, DataStream<Aggregate> daily, DataStream<RejectedFrame> late,
                            DataStream<AlertEvent> alerts) {}

    /** Everything the streaming job writes. */
    public record Outputs(Analytics analytics, DataStream<RejectedFrame> rejected, DataStream<DataQuality> quality) {}

    /** Readings (event time assigned) to means and alerts. */
    public static Analytics analytics(DataStream<Reading> readings, SideInputs side, CemsflowSettings settings,
                                      ReferenceData reference) {
        AggregationPipeline.Outputs agg = AggregationPipeline.define(readings, settings);
        DataStream<AlertEvent> alerts = ExceedancePipeline.define(agg.hourly(), agg.daily(), side.marks(),
                side.reference(), settings, reference.limits(), side.waitForSnapshot());
        return new Analytics(agg.hourly(), agg.daily(), agg.late(), alerts);
    }

    /** Raw frames (event time assigned at the source) to every output of the streaming job. */
    public static Outputs define(DataStream<RawFrame> raw, SideInputs side, CemsflowSettings settings,
                                 ReferenceData reference) {
        IngestionPipeline.Outputs in = IngestionPipeline.define(raw, side.reference(), side.waitForSnapshot(),
                settings, reference);
        Analytics analytics = analytics(in.readings(), side, settings, reference);
        DataStream<QualityEvent> hours = analytics.hourly()
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
        return new Outputs(analytics, in.rejected().union(analytics.late()), quality);
    }
}
