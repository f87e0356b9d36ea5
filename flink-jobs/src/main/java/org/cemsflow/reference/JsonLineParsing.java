package org.cemsflow.reference;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.model.Lines;
import org.cemsflow.model.RawFrame;
import org.cemsflow.protocol.RejectReason;

/**
 * The records of a JSON-lines topic that units or the regulator write (marks, answers, substitute
 * data, reviews): each parsed, or a BAD_INPUT dead letter on {@link #bad()} with the reason; never
 * fails on data.
 */
public class JsonLineParsing<T> extends ProcessFunction<RawFrame, T> {
    private static final long serialVersionUID = 1L;

    private final JsonLines.Parser<T> parser;
    private final OutputTag<RejectedFrame> bad;

    /** @param name of the input, which names its dead-letter output */
    public JsonLineParsing(String name, JsonLines.Parser<T> parser) {
        this.parser = parser;
        this.bad = new OutputTag<>("bad-" + name, TypeInformation.of(RejectedFrame.class));
    }

    /** The lines that did not parse. */
    public OutputTag<RejectedFrame> bad() {
        return bad;
    }

    @Override
    public void processElement(RawFrame in, Context ctx, Collector<T> out) {
        String text = Lines.rawText(in.text);
        try {
            out.collect(parser.parse(text, in.source));
        } catch (IllegalArgumentException e) {
            ctx.output(
                    bad,
                    new RejectedFrame(
                            RejectReason.BAD_INPUT.name(),
                            e.getMessage(),
                            text,
                            in.source,
                            null,
                            null,
                            in.receivedAt));
        }
    }
}
