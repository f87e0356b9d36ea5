package org.cemsflow.correlation;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.reference.ReferenceData;

/**
 * The correlation rules of one unit (key: unit id), over the signals of its devices' uploads
 * ({@link DeviceCorrelation#UNIT_SIGNALS}) and the marks on them, in event-time order:
 * TREATMENT_NOT_RUNNING, DATA_MISSING_WHILE_PRODUCING and DECLARED_STOP_BUT_RUNNING, with the
 * meters' ratings (given or learned) shared between them.
 */
public class UnitCorrelation extends RuleHost<UnitInput, UnitInput> {
    private static final long serialVersionUID = 1L;

    private final MeterRatings ratings;

    public UnitCorrelation(CemsflowSettings settings, ReferenceData reference, Set<String> enabled) {
        super(TypeInformation.of(UnitInput.class), settings);
        this.ratings = new MeterRatings(settings, reference);
        add(new TreatmentNotRunningDetector(settings, ratings), enabled);
        add(new DataMissingWhileProducingDetector(settings, reference, ratings), enabled);
        add(new DeclaredStopButRunningDetector(settings, ratings), enabled);
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        ratings.open(getRuntimeContext());
    }

    @Override
    protected long timeOf(UnitInput in) {
        return in.time;
    }

    /** Marks before the signals of the same instant, signals by device. */
    @Override
    protected Comparator<UnitInput> tieBreak() {
        return Comparator.comparing((UnitInput u) -> u.mark == null)
                .thenComparing(u -> u.signal == null ? "" : u.signal.mn);
    }

    @Override
    protected List<UnitInput> ruleInputs(List<UnitInput> inputs) {
        return inputs;
    }

    /** The meters' ratings learn from every power reading before the rules judge it. */
    @Override
    protected void beforeRules(List<UnitInput> inputs) throws Exception {
        for (UnitInput in : inputs) {
            if (in.signal != null) {
                ratings.observe(in.signal);
            }
        }
    }

    @Override
    protected void clearHostState() {
        ratings.clear();
    }
}
