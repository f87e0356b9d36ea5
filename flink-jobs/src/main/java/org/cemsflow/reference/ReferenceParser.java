package org.cemsflow.reference;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.model.Lines;
import org.cemsflow.protocol.RejectReason;

/**
 * The reference topic's records as reference updates (key: the record key). Guarantees: a record
 * that parses is an update, and what it says is kept per key; a tombstone removes what its key last
 * held (a device, limit or permit) and says so downstream; a device that moves to another unit
 * first leaves the old one; a record that does not parse is a BAD_INPUT dead letter (source
 * {@code reference:<topic-partition@offset>}) and the job goes on.
 */
public class ReferenceParser extends KeyedProcessFunction<String, ReferenceRecord, SideInput> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<RejectedFrame> BAD =
            new OutputTag<>("bad-reference-records", TypeInformation.of(RejectedFrame.class));

    private transient ValueState<SideInput> last;

    @Override
    public void open(OpenContext ctx) {
        last =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "last-reference-record",
                                        TypeInformation.of(SideInput.class)));
    }

    @Override
    public void processElement(ReferenceRecord r, Context ctx, Collector<SideInput> out)
            throws Exception {
        if (r.key.isEmpty()) {
            if (r.value != null) {
                ctx.output(BAD, bad(r, "a reference record without a key"));
            }
            return;
        }
        SideInput before = last.value();
        if (r.value == null) {
            if (before != null) {
                out.collect(SideInput.removal(before));
                last.clear();
            }
            return;
        }
        SideInput now;
        try {
            now = ReferenceTopic.decode(Lines.rawText(r.value));
        } catch (IllegalArgumentException e) {
            ctx.output(BAD, bad(r, "reference record '" + r.key + "': " + e.getMessage()));
            return;
        }
        if (before != null
                && before.device != null
                && now.device != null
                && !java.util.Objects.equals(before.device.unitId, now.device.unitId)) {
            out.collect(SideInput.removal(before)); // it leaves its old unit
        }
        if (now.kind != SideInput.Kind.LOADED) {
            last.update(now);
        }
        out.collect(now);
    }

    private static RejectedFrame bad(ReferenceRecord r, String why) {
        String raw = r.value.length() > 16 * 1024 ? r.value.substring(0, 16 * 1024) : r.value;
        return new RejectedFrame(
                RejectReason.BAD_INPUT.name(),
                why,
                Lines.rawText(raw),
                "reference:" + r.source,
                null,
                null,
                null);
    }
}
