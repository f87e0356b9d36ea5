package org.cemsflow;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.cemsflow.aggregation.AggregationPipeline;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.AggregationOptions;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.Channels;
import org.cemsflow.config.CorrelationOptions;
import org.cemsflow.correlation.CorrelationPipeline;
import org.cemsflow.exceedance.ExceedancePipeline;
import org.cemsflow.ingestion.DecodedFrame;
import org.cemsflow.ingestion.IngestionPipeline;
import org.cemsflow.model.RawFrame;
import org.cemsflow.quality.DataQuality;
import org.cemsflow.quality.DataQualityAggregator;
import org.cemsflow.quality.QualityEvent;
import org.cemsflow.quota.QuotaPipeline;
import org.cemsflow.quota.QuotaUsage;
import org.cemsflow.quota.Substitute;
import org.cemsflow.reference.DeviceDirectory;
import org.cemsflow.reference.Mark;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.reference.ReferenceRouter;
import org.cemsflow.reference.SideInput;
import org.cemsflow.supervision.Answer;
import org.cemsflow.supervision.Lead;
import org.cemsflow.supervision.Order;
import org.cemsflow.supervision.Review;
import org.cemsflow.supervision.SupervisionPipeline;

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
    public record SideInputs(
            DataStream<Mark> marks,
            DataStream<SideInput> reference,
            boolean waitForSnapshot,
            DataStream<Answer> answers,
            DataStream<Substitute> substitutes,
            DataStream<Review> reviews) {}

    /**
     * Everything that comes out of readings: means, alert lifecycle events (rule alerts and the
     * workflow's own), supervision orders, and dead letters (late readings, answers to no alert).
     */
    public record Analytics(
            DataStream<Aggregate> hourly,
            DataStream<Aggregate> daily,
            DataStream<RejectedFrame> late,
            DataStream<AlertEvent> alerts,
            DataStream<Order> orders,
            DataStream<Lead> leads,
            DataStream<QuotaUsage> quota) {}

    /** Everything the streaming job writes. */
    public record Outputs(
            Analytics analytics,
            DataStream<RejectedFrame> rejected,
            DataStream<DataQuality> quality) {}

    /** Puts each rule alert on its type's channel (a copy: the input may be shared). */
    static final class AssignChannel
            implements org.apache.flink.api.common.functions.MapFunction<AlertEvent, AlertEvent> {
        private static final long serialVersionUID = 1L;
        private final Channels channels;

        AssignChannel(Channels channels) {
            this.channels = channels;
        }

        @Override
        public AlertEvent map(AlertEvent e) {
            org.cemsflow.avro.Alert a =
                    org.cemsflow.avro.Alert.newBuilder(e.getAlert())
                            .setChannel(channels.of(e.getAlert().getType()))
                            .build();
            return new AlertEvent(
                    e.getEventId(), e.getAlertId(), e.getEvent(), e.getSequence(), e.getAt(), a);
        }
    }

    /** A bounded stream with nothing in it (fromData refuses an empty collection). */
    public static <T> DataStream<T> empty(StreamExecutionEnvironment env, Class<T> type) {
        return env.fromSequence(1, 1)
                .filter(n -> false)
                .name("nothing")
                .map(n -> (T) null)
                .returns(TypeInformation.of(type));
    }

    /**
     * Uploads (event time assigned) to means, alerts and orders: the frame gate's, or a local run's
     * (one of the two, the other null).
     *
     * @param localUploads a local run's sorted readings as uploads (the consecutive readings of one
     *                device, DataTime and CN), partitioned as {@code keyBy(MN)} partitions them and
     *                in event-time order in each subtask: taken where they are, without a shuffle
     * @param uploads the frame gate's accepted frames (the hourly means and the correlation rules
     *                take its uploads without a shuffle: they are still partitioned by MN)
     * @param eventTimeEnd event time ends here (a local run's T_end): later decisions are not taken
     */
    public static Analytics analytics(
            DataStream<DecodedFrame> localUploads,
            DataStream<DecodedFrame> uploads,
            SideInputs side,
            CemsflowSettings settings,
            ReferenceData reference,
            long eventTimeEnd) {
        // uploads by device: the frame gate's are still partitioned by their MN (the gate's key),
        // and so are a local run's: no shuffle
        KeyedStream<DecodedFrame, String> uploadsByDevice =
                DataStreamUtils.reinterpretAsKeyedStream(
                        uploads != null
                                ? uploads.filter(f -> f.data && !f.readings.isEmpty())
                                        .name("Uploads to aggregate")
                                : localUploads,
                        f -> f.mn,
                        Types.STRING);
        AggregationPipeline.Outputs agg = AggregationPipeline.define(uploadsByDevice, settings);
        // marks and substitutes name a device or a point: routed to its unit by the reference as it
        // is now
        DataStream<Mark> unitMarks =
                ReferenceRouter.route(
                        side.marks(),
                        side.reference(),
                        side.waitForSnapshot(),
                        reference,
                        (Mark m, DeviceDirectory devices, Collector<Mark> out) ->
                                out.collect(m.inUnit(devices.unitOf(m.mn))),
                        TypeInformation.of(Mark.class),
                        "route-marks",
                        "Marks to their unit");
        DataStream<Substitute> substitutes =
                QuotaPipeline.resolve(
                        side.substitutes(), side.reference(), side.waitForSnapshot(), reference);
        QuotaPipeline.Outputs quota =
                QuotaPipeline.define(
                        agg.hourly(),
                        unitMarks,
                        substitutes,
                        side.reference(),
                        side.waitForSnapshot(),
                        settings,
                        reference);
        DataStream<AlertEvent> ruleAlerts =
                ExceedancePipeline.define(
                                agg.hourly(),
                                agg.daily(),
                                side.marks(),
                                side.reference(),
                                settings,
                                reference.limits(),
                                side.waitForSnapshot())
                        .union(quota.alerts());
        if (settings.get(CorrelationOptions.ENABLED)) {
            KeyedStream<DecodedFrame, String> byDevice =
                    uploads != null
                            ? CorrelationPipeline.uploadsByDevice(uploads)
                            : CorrelationPipeline.uploadsOfUnits(uploadsByDevice);
            ruleAlerts =
                    ruleAlerts.union(
                            CorrelationPipeline.define(
                                    byDevice,
                                    agg.hourly(),
                                    unitMarks,
                                    side.reference(),
                                    side.waitForSnapshot(),
                                    settings,
                                    reference));
        }
        if (eventTimeEnd != Long.MAX_VALUE) {
            ruleAlerts =
                    ruleAlerts
                            .filter(e -> e.getAt() <= eventTimeEnd)
                            .name("Decided by the end of event time");
        }
        // each alert on the channel its type takes: an order to the unit, a notice, or a lead
        ruleAlerts =
                ruleAlerts
                        .map(new AssignChannel(new Channels(settings)))
                        .name("Channel of each alert");
        SupervisionPipeline.Outputs supervision =
                SupervisionPipeline.define(
                        ruleAlerts, side.answers(), side.reviews(), settings, eventTimeEnd);
        return new Analytics(
                agg.hourly(),
                agg.daily(),
                agg.late().union(supervision.rejected()),
                ruleAlerts.union(supervision.events()),
                supervision.orders(),
                supervision.leads(),
                quota.usage());
    }

    /** Raw frames (event time assigned at the source) to every output of the streaming job. */
    public static Outputs define(
            DataStream<RawFrame> raw,
            SideInputs side,
            CemsflowSettings settings,
            ReferenceData reference) {
        IngestionPipeline.Outputs in =
                IngestionPipeline.define(
                        raw, side.reference(), side.waitForSnapshot(), settings, reference);
        Analytics analytics =
                analytics(null, in.uploads(), side, settings, reference, Long.MAX_VALUE);
        DataStream<QualityEvent> hours =
                analytics
                        .hourly()
                        .map(a -> QualityEvent.hour(a.getMn(), a.getPeriodStart(), a.getValid()))
                        .returns(org.cemsflow.ingestion.QualityEventSerializer.TYPE)
                        .uid("hour-quality")
                        .name("Hours for data quality");
        DataStream<DataQuality> quality =
                in.quality()
                        .union(hours)
                        .keyBy(e -> e.mn)
                        .process(
                                new DataQualityAggregator(
                                        settings.get(AggregationOptions.ALLOWED_LATENESS)))
                        .returns(TypeInformation.of(DataQuality.class))
                        .uid("data-quality")
                        .name("Data quality per device and day");
        return new Outputs(analytics, in.rejected().union(analytics.late()), quality);
    }
}
