package org.cemsflow.supervision;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.ingestion.Lines;
import org.cemsflow.ingestion.RawFrame;
import org.cemsflow.protocol.RejectReason;

/** Answers from the feedback topic: parsed, or a BAD_INPUT dead letter with the reason; never fails. */
public class FeedbackParsing extends ProcessFunction<RawFrame, Answer> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<RejectedFrame> BAD = new OutputTag<>("bad-feedback", TypeInformation.of(RejectedFrame.class));

    @Override
    public void processElement(RawFrame in, Context ctx, Collector<Answer> out) {
        String text = Lines.rawText(in.text);
        try {
            out.collect(FeedbackFile.parse(text, in.source));
        } catch (IllegalArgumentException e) {
            ctx.output(BAD, new RejectedFrame(RejectReason.BAD_INPUT.name(), e.getMessage(), text, in.source, null, null,
                    in.receivedAt));
        }
    }
}
