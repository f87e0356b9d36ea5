package org.cemsflow.alerts;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.cemsflow.avro.AlertEvent;

/**
 * Passes alert events through unchanged and counts them: {@code alertEvents} per alert type and
 * event (groups {@code type} and {@code event}, e.g. type="EXCEEDANCE_3H", event="OPENED").
 */
public final class AlertMetrics extends RichMapFunction<AlertEvent, AlertEvent> {
    private static final long serialVersionUID = 1L;
    private transient MetricGroup group;
    private transient Map<String, Counter> counters;

    @Override
    public void open(OpenContext ctx) {
        group = getRuntimeContext().getMetricGroup();
        counters = new HashMap<>();
    }

    @Override
    public AlertEvent map(AlertEvent e) {
        String type = e.getAlert().getType();
        String event = String.valueOf(e.getEvent());
        counters.computeIfAbsent(
                        type + '/' + event,
                        k ->
                                group.addGroup("type", type)
                                        .addGroup("event", event)
                                        .counter("alertEvents"))
                .inc();
        return e;
    }
}
