package org.cemsflow.correlation;

import java.util.HashMap;
import java.util.Map;
import org.cemsflow.avro.Reading;
import org.cemsflow.json.Json;
import org.cemsflow.model.Codes;

/**
 * ZERO_VALUE: a concentration or the flow reads zero while the stack's other
 * parameters show it running, for at least 60 minutes (setting): an air pollutant at 0 while O2 is
 * below the stack-stopped level and the flow above 0; the flue-gas flow at 0 while O2 is below it;
 * a water pollutant at 0 while effluent flows. A real shutdown, where O2 goes to ambient and the
 * flow to zero together, is not a zero value.
 */
public class ZeroValueDetector extends FrameConditionDetector {
    private static final long serialVersionUID = 1L;
    public static final String TYPE = "ZERO_VALUE";

    private final double stackStoppedO2;

    public ZeroValueDetector(CorrelationParams params) {
        super(TYPE, params.zeroMinMs(), params);
        this.stackStoppedO2 = params.stackStoppedO2();
    }

    /** Only a valid value of exactly zero meets the condition (most uploads have none). */
    @Override
    protected boolean mayMeet(Upload upload) {
        for (Reading r : upload) {
            Double v = Alerts.validValue(r);
            if (v != null && v == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Map<String, Double> judge(Map<String, Reading> frame) {
        Map<String, Double> out = new HashMap<>();
        Double o2 = Alerts.validValue(frame.get(Codes.O2));
        Double airFlow = Alerts.validValue(frame.get(Codes.AIR_FLOW));
        Double waterFlow = Alerts.validValue(frame.get(Codes.WATER_FLOW));
        boolean stackRunning = o2 != null && o2 < stackStoppedO2;
        for (Reading r : frame.values()) {
            Double v = Alerts.validValue(r);
            String code = r.getCode();
            if (v == null) {
                continue;
            }
            if (code.equals(Codes.AIR_FLOW) && o2 != null) {
                out.put(code, v == 0 && stackRunning ? 0.0 : null);
            } else if (Codes.isAirPollutant(code) && o2 != null && airFlow != null) {
                out.put(code, v == 0 && stackRunning && airFlow > 0 ? 0.0 : null);
            } else if (Codes.isWaterPollutant(code) && waterFlow != null) {
                out.put(code, v == 0 && waterFlow > 0 ? 0.0 : null);
            }
        }
        return out;
    }

    /** The zero and what shows the stack (or outfall) running: O2 and flow of the same upload. */
    @Override
    protected Json observed(Map<String, Reading> frame, String code) {
        return Json.object()
                .put("value", Alerts.validValue(frame.get(code)))
                .put("o2", Alerts.validValue(frame.get(Codes.O2)))
                .put("o2_stopped_at", stackStoppedO2)
                .put("air_flow", Alerts.validValue(frame.get(Codes.AIR_FLOW)))
                .put("water_flow", Alerts.validValue(frame.get(Codes.WATER_FLOW)));
    }
}
