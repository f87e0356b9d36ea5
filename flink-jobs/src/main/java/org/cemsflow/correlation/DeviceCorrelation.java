package org.cemsflow.correlation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cemsflow.aggregation.Codes;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.Reading;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.ingestion.ReadingTypeInfo;

/**
 * The correlation rules of one device (key: MN), over its readings in event-time order:
 * CONSTANT_VALUE, ZERO_VALUE, SUDDEN_CHANGE and CONVERSION_MISMATCH. It also passes on, in
 * {@link #UNIT_SIGNALS}, what the per-unit rules need of each upload: the meters' power and water
 * flow, the stacks' O2 and flows, and for an upload with none of these valid one valid reading (the
 * point sent valid data). So the unit rules see about one reading in four, in event-time order.
 */
public class DeviceCorrelation extends RuleHost<Reading> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<Reading> UNIT_SIGNALS = new OutputTag<>("unit-signals", ReadingTypeInfo.INSTANCE);

    private final String powerCode;
    private final String waterCode;

    public DeviceCorrelation(CemsflowSettings settings, Set<String> enabled) {
        super(ReadingTypeInfo.INSTANCE);
        this.powerCode = settings.get("meter.power-code");
        this.waterCode = settings.get("meter.water-code");
        add(new ConstantValueDetector(settings), enabled);
        add(new ZeroValueDetector(settings), enabled);
        add(new SuddenChangeDetector(settings), enabled);
        add(new ConversionMismatchDetector(settings), enabled);
    }

    @Override
    protected long timeOf(Reading r) {
        return r.getDataTime();
    }

    @Override
    protected java.util.Comparator<Reading> tieBreak() {
        return (a, b) -> a.getCode().compareTo(b.getCode());
    }

    @Override
    protected void handle(List<Reading> readings, Context ctx, Collector<AlertEvent> out) throws Exception {
        super.handle(readings, ctx, out);
        for (List<Reading> upload : uploads(readings).values()) {
            Reading anyValid = null;
            boolean signalled = false;
            for (Reading r : upload) {
                boolean valid = "N".equals(r.getFlag()) && Alerts.value(r) != null;
                if (signal(r)) {
                    ctx.output(UNIT_SIGNALS, r);
                    signalled |= valid;
                } else if (valid && anyValid == null) {
                    anyValid = r;
                }
            }
            if (!signalled && anyValid != null) {
                ctx.output(UNIT_SIGNALS, anyValid);
            }
        }
    }

    /** The readings of each upload (same DataTime and record kind), in their order. */
    static Map<String, List<Reading>> uploads(List<Reading> readings) {
        Map<String, List<Reading>> uploads = new LinkedHashMap<>();
        for (Reading r : readings) {
            uploads.computeIfAbsent(r.getDataTime() + "|" + r.getKind(), k -> new java.util.ArrayList<>()).add(r);
        }
        return uploads;
    }

    private boolean signal(Reading r) {
        if (r.getPointId() == null) {
            return r.getCode().equals(powerCode) || r.getCode().equals(waterCode); // a meter
        }
        String c = r.getCode();
        return c.equals(Codes.O2) || c.equals(Codes.AIR_FLOW) || c.equals(Codes.WATER_FLOW);
    }
}
