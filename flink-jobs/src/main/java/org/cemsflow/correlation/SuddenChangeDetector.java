package org.cemsflow.correlation;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.cemsflow.avro.Reading;
import org.cemsflow.json.Json;
import org.cemsflow.model.Codes;

/**
 * SUDDEN_CHANGE, per device upload: a pollutant value more than k robust standard
 * deviations (1.4826 x MAD) from the median of its previous N records, when the same upload's
 * flow did not move as well (by k/2: a load change moves both), and by at least a share of the
 * median ({@code sudden.min-relative}: noise on a tight signal is no jump), and not to zero (that is
 * ZERO_VALUE's case). Only pollutants and flows keep a history (other codes are neither accused
 * nor explain a jump). Silent until a code has N records of
 * history, and where the history is flat (no spread to compare with). One alert per episode of
 * jumps (no minimum duration): jumps less than {@code sudden.merge-gap} apart are one episode.
 */
public class SuddenChangeDetector extends FrameConditionDetector {
    private static final long serialVersionUID = 1L;
    public static final String TYPE = "SUDDEN_CHANGE";

    private final int window;
    private final double k;
    private final double minRelative;
    private final java.util.Set<String> analysers;
    private transient ValueState<RecentValuesByCode> history;

    /** Where the history was kept before it was one value per device: read once, then cleared. */
    private transient MapState<String, RecentValues> formerHistory;

    /** Code -> {value, median, robust SD} of the upload being judged, for the evidence. */
    private transient Map<String, double[]> stats;

    /** The flow's {value, median, robust SD} in the upload being judged; null: none. */
    private transient double[] flow;

    public SuddenChangeDetector(CorrelationParams params) {
        super(TYPE, 0, params.suddenMergeGapMs(), params);
        this.window = params.suddenWindowRecords();
        this.k = params.suddenK();
        this.minRelative = params.suddenMinRelative();
        this.analysers = params.analyserCodes();
    }

    @Override
    protected void open() throws Exception {
        super.open();
        history =
                valueState(
                        new ValueStateDescriptor<>(
                                "recent-values-by-code", RecentValuesByCodeSerializer.TYPE));
        formerHistory =
                mapState(
                        new MapStateDescriptor<>(
                                "recent-values",
                                Types.STRING,
                                TypeInformation.of(RecentValues.class)));
    }

    /** The device's history; a savepoint's per-code entries move into it on first use. */
    private RecentValuesByCode history() throws Exception {
        RecentValuesByCode h = history.value();
        if (h == null) {
            h = new RecentValuesByCode();
            if (!formerHistory.isEmpty()) {
                for (Map.Entry<String, RecentValues> e : formerHistory.entries()) {
                    String key = e.getKey();
                    if (judged(key.substring(0, Math.max(0, key.indexOf('|'))))) {
                        h.put(key, e.getValue());
                    }
                }
                formerHistory.clear();
            }
        }
        return h;
    }

    /** The jump against its history, and how far the flow moved (not enough to explain it). */
    @Override
    protected Json observed(Map<String, Reading> frame, String code) {
        double[] s = stats.get(code);
        Json j =
                Json.object()
                        .put("value", s[0])
                        .put("median", s[1])
                        .put("robust_sd", s[2])
                        .put("deviation_sd", deviation(s))
                        .put("k", k)
                        .put("window_records", (long) window);
        if (flow != null) {
            j.put("flow", flow[0])
                    .put("flow_median", flow[1])
                    .put("flow_deviation_sd", deviation(flow));
        }
        return j;
    }

    /** {value, median, robust SD} as robust standard deviations from the median. */
    private static double deviation(double[] s) {
        return (s[0] - s[1]) / s[2];
    }

    @Override
    protected Map<String, Double> judge(Map<String, Reading> frame) {
        return judge(frame, false);
    }

    /**
     * Every value goes into its history. The codes with a spread to compare with are kept in the
     * order the upload gives them; the maps of their statistics and of the judged pollutants are
     * built, in that order, only where one jumps or the device has a run open.
     */
    @Override
    protected Map<String, Double> judge(Map<String, Reading> frame, boolean onlyMet) {
        try {
            stats = null;
            int n = 0;
            String[] codes = new String[frame.size()];
            double[][] seen = new double[frame.size()][];
            RecentValuesByCode byCode = history();
            for (Reading r : frame.values()) {
                Double v = Alerts.validValue(r);
                if (v == null || (analysers.contains(r.getCode()) && r.getSampleTime() == null)) {
                    continue; // an analyser's result steps once per sample: without SampleTime no
                    // history to judge
                }
                if (!judged(r.getCode())) {
                    continue; // O2, temperature, ...: neither accused nor explaining
                }
                RecentValues h = byCode.of(Alerts.codeKindKey(r));
                if (h.full()) {
                    double median = h.median();
                    double sd = h.robustSd(median);
                    if (sd > 0) { // a flat history says nothing of jumps
                        codes[n] = r.getCode();
                        seen[n++] = new double[] {v, median, sd};
                    }
                }
                h.add(v, window);
            }
            if (byCode.keys.length > 0) {
                history.update(byCode);
            }
            flow = flowStats(codes, seen, n);
            // an explanation needs less evidence than an accusation: half the deviation will do
            boolean flowMoved = flow != null && Math.abs(deviation(flow)) > k / 2;
            if (onlyMet && !anyJump(codes, seen, n, flowMoved)) {
                return Map.of();
            }
            stats = new HashMap<>();
            for (int i = 0; i < n; i++) {
                stats.put(codes[i], seen[i]);
            }
            Map<String, Double> out = new HashMap<>();
            for (Map.Entry<String, double[]> e : stats.entrySet()) {
                String code = e.getKey();
                if (!pollutant(code)) {
                    continue;
                }
                double[] st = e.getValue();
                out.put(code, jump(st, flowMoved) ? deviation(st) : null);
            }
            return out;
        } catch (Exception ex) {
            throw new IllegalStateException("recent values cannot be read", ex);
        }
    }

    /** The flow's statistics among the upload's: the stack's, else the outfall's; null: none. */
    private static double[] flowStats(String[] codes, double[][] seen, int n) {
        double[] water = null;
        for (int i = 0; i < n; i++) {
            if (codes[i].equals(Codes.AIR_FLOW)) {
                return seen[i];
            }
            if (codes[i].equals(Codes.WATER_FLOW)) {
                water = seen[i];
            }
        }
        return water;
    }

    private boolean anyJump(String[] codes, double[][] seen, int n, boolean flowMoved) {
        for (int i = 0; i < n; i++) {
            if (pollutant(codes[i]) && jump(seen[i], flowMoved)) {
                return true;
            }
        }
        return false;
    }

    /** {value, median, robust SD} is a jump the flow does not explain. */
    private boolean jump(double[] st, boolean flowMoved) {
        double v = st[0];
        double median = st[1];
        // too small a step to accuse; a fall to zero is ZERO_VALUE's
        boolean small = Math.abs(v - median) < minRelative * Math.abs(median) || v == 0;
        return Math.abs(deviation(st)) > k && !flowMoved && !small;
    }

    /** A code whose history is kept: a pollutant or a flow. */
    private static boolean judged(String code) {
        return pollutant(code) || code.equals(Codes.AIR_FLOW) || code.equals(Codes.WATER_FLOW);
    }

    /** A code whose jumps are accused (the flows only explain them). */
    private static boolean pollutant(String code) {
        return Codes.isAirPollutant(code) || Codes.isWaterPollutant(code);
    }
}
