package org.cemsflow.supervision;

import java.util.Comparator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.cemsflow.time.EventTimeOrderedFunction;

/**
 * The supervision operators' common order: their inputs (alerts and answers) in event time, an
 * alert before an answer at the same instant, so that an answer always finds its order.
 */
public abstract class SupervisionOrderedFunction<OUT>
        extends EventTimeOrderedFunction<String, SupervisionInput, OUT> {
    private static final long serialVersionUID = 1L;

    SupervisionOrderedFunction() {
        super(TypeInformation.of(SupervisionInput.class));
    }

    @Override
    protected final long timeOf(SupervisionInput in) {
        return in.time;
    }

    @Override
    protected final Comparator<SupervisionInput> tieBreak() {
        return SupervisionInput.ALERTS_FIRST;
    }
}
