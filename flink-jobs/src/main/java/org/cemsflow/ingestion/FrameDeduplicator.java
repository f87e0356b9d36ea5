package org.cemsflow.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.config.LocalTimes;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.RejectReason;

/**
 * Per device (key: MN): removes retransmissions seen within the de-duplication horizon (state with
 * TTL, so it cleans itself), and sends data uploads whose period closed longer ago than the
 * allowed lateness to the dead letters as LATE, with their raw text.
 */
public class FrameDeduplicator extends KeyedProcessFunction<String, DecodedFrame, DecodedFrame> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<RejectedFrame> LATE = new OutputTag<>("late-frames", TypeInformation.of(RejectedFrame.class));
    public static final OutputTag<DecodedFrame> DUPLICATES =
            new OutputTag<>("duplicate-frames", TypeInformation.of(DecodedFrame.class));

    private final java.time.Duration horizon;
    private final long latenessMs;
    private transient MapState<Long, Boolean> seen;

    public FrameDeduplicator(java.time.Duration horizon, java.time.Duration allowedLateness) {
        this.horizon = horizon;
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        MapStateDescriptor<Long, Boolean> d = new MapStateDescriptor<>("seen-frames", Types.LONG, Types.BOOLEAN);
        d.enableTimeToLive(StateTtlConfig.newBuilder(horizon).build());
        seen = getRuntimeContext().getMapState(d);
    }

    @Override
    public void processElement(DecodedFrame f, Context ctx, Collector<DecodedFrame> out) throws Exception {
        if (seen.contains(f.dedupHash)) {
            ctx.output(DUPLICATES, f);
            return;
        }
        seen.put(f.dedupHash, Boolean.TRUE);
        if (f.data && periodEnd(f) - 1 + latenessMs <= ctx.timerService().currentWatermark()) {
            ctx.output(LATE, new RejectedFrame(RejectReason.LATE.name(), "period ended beyond the allowed lateness",
                    Lines.rawText(f.text), f.source, f.mn, f.dataTime, f.receivedAt));
            return;
        }
        out.collect(f);
    }

    /** End of the clock period that the frame's data feed: the day for daily data, else the hour. */
    static long periodEnd(DecodedFrame f) {
        return Hj212Codec.kindOf(f.cn) == RecordKind.DAY ? LocalTimes.dayStart(f.dataTime) + LocalTimes.DAY_MS
                : LocalTimes.hourStart(f.dataTime) + LocalTimes.HOUR_MS;
    }
}
