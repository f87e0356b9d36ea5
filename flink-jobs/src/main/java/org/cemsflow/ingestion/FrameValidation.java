package org.cemsflow.ingestion;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.avro.RejectedFrame;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.protocol.Hj212Frame;

/**
 * Validates and decodes raw frames with {@link FrameValidator}. Every frame comes out exactly
 * once: accepted on the main output, or on {@link #REJECTED} with its reason and raw text.
 * Never throws on data.
 */
public class FrameValidation extends ProcessFunction<RawFrame, DecodedFrame> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<RejectedFrame> REJECTED =
            new OutputTag<>("rejected-frames", TypeInformation.of(RejectedFrame.class));

    private final FrameValidator validator;

    public FrameValidation(FrameValidator validator) {
        this.validator = validator;
    }

    @Override
    public void processElement(RawFrame raw, Context ctx, Collector<DecodedFrame> out) {
        if (Lines.isBlank(raw.text)) {
            return;
        }
        try {
            FrameValidator.Accepted a = validator.validate(raw.text, System.currentTimeMillis());
            Hj212Frame f = a.frame();
            DecodedFrame d = new DecodedFrame();
            d.mn = f.mn();
            d.cn = f.cnCode();
            d.data = a.isData();
            d.dataTime = a.readings().isEmpty() ? 0 : a.readings().get(0).getDataTime();
            d.dedupHash = hash64(f.dedupKey());
            d.text = raw.text;
            d.source = raw.source;
            d.receivedAt = raw.receivedAt;
            d.readings.addAll(a.readings());
            out.collect(d);
        } catch (Hj212Exception e) {
            ctx.output(REJECTED, rejected(raw, e.reason().name(), e.getMessage()));
        } catch (RuntimeException e) {
            // a bug must not kill the job or lose the line: it is a dead letter with the cause
            ctx.output(REJECTED, rejected(raw, "MALFORMED", "decoder error: " + e));
        }
    }

    static RejectedFrame rejected(RawFrame raw, String reason, String detail) {
        Long dataTime = FrameTimestamps.dataTimeOf(raw.text);
        return new RejectedFrame(reason, detail, Lines.rawText(raw.text), raw.source, mnOf(raw.text), dataTime,
                raw.receivedAt);
    }

    /** The MN of a line that may not parse; null when there is none. */
    static String mnOf(String text) {
        int at = text.indexOf(";MN=");
        if (at < 0) {
            return null;
        }
        int end = text.indexOf(';', at + 4);
        return end < 0 ? null : Lines.rawText(text.substring(at + 4, end));
    }

    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }
}
