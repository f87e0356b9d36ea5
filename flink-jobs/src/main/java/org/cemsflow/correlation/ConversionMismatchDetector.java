package org.cemsflow.correlation;

import java.util.HashMap;
import java.util.Map;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.json.Json;
import org.cemsflow.model.Codes;

/**
 * CONVERSION_MISMATCH: a reported reference-O2 value (ZsRtd / ZsAvg) that differs
 * from the one recomputed from the measured value and the same upload's O2,
 * {@code C x (21 - O2_ref) / (21 - O2)}, by more than 2 % (setting), for at least 60 minutes.
 * Judged only where the point has an O2 reference and the stack runs (O2 below the stopped level).
 */
public class ConversionMismatchDetector extends FrameConditionDetector {
    private static final long serialVersionUID = 1L;
    public static final String TYPE = "CONVERSION_MISMATCH";

    private final double tolerance;
    private final double stackStoppedO2;

    public ConversionMismatchDetector(CorrelationParams params) {
        super(TYPE, params.conversionMinMs(), params);
        this.tolerance = params.conversionTolerance();
        this.stackStoppedO2 = params.stackStoppedO2();
    }

    /** The reported value, the one recomputed, and what it was recomputed from. */
    @Override
    protected Json observed(Map<String, Reading> frame, String code) {
        Reading r = frame.get(code);
        double measured = Alerts.value(r);
        double o2 = Alerts.value(frame.get(Codes.O2));
        return Json.object()
                .put("measured", measured)
                .put("reported_zs", reported(r))
                .put("o2", o2)
                .put("o2_ref", r.getO2Ref())
                .put("recomputed_zs", Codes.o2Corrected(measured, r.getO2Ref(), o2));
    }

    private static Double reported(Reading r) {
        return r.getKind() == RecordKind.REALTIME ? r.getZsRtd() : r.getZsAvg();
    }

    @Override
    protected Map<String, Double> judge(Map<String, Reading> frame) {
        Map<String, Double> out = new HashMap<>();
        Double o2 = Alerts.validValue(frame.get(Codes.O2));
        if (o2 == null || o2 >= stackStoppedO2) {
            return out;
        }
        for (Reading r : frame.values()) {
            if (!Codes.isAirPollutant(r.getCode())
                    || r.getO2Ref() == null
                    || !"N".equals(r.getFlag())) {
                continue;
            }
            Double measured = Alerts.value(r);
            Double reported = reported(r);
            if (measured == null || reported == null) {
                continue;
            }
            double expected = Codes.o2Corrected(measured, r.getO2Ref(), o2);
            double deviation =
                    expected == 0 ? (reported == 0 ? 0 : 1) : (reported - expected) / expected;
            out.put(r.getCode(), Math.abs(deviation) > tolerance ? deviation : null);
        }
        return out;
    }
}
