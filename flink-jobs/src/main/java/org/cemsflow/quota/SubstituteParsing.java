package org.cemsflow.quota;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.ingestion.Lines;
import org.cemsflow.ingestion.RawFrame;
import org.cemsflow.protocol.RejectReason;

/** Substitute data from their topic: parsed, or a BAD_INPUT dead letter with the reason; never fails. */
public class SubstituteParsing extends ProcessFunction<RawFrame, Substitute> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<RejectedFrame> BAD = new OutputTag<>("bad-substitutes", TypeInformation.of(RejectedFrame.class));

    @Override
    public void processElement(RawFrame in, Context ctx, Collector<Substitute> out) {
        String text = Lines.rawText(in.text);
        try {
            out.collect(SubstitutesFile.parse(text));
        } catch (IllegalArgumentException e) {
            ctx.output(BAD, new RejectedFrame(RejectReason.BAD_INPUT.name(), e.getMessage(), text, in.source, null, null,
                    in.receivedAt));
        }
    }
}
