package org.cemsflow.config;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.cemsflow.avro.AlertChannel;
import org.cemsflow.model.AlertType;

/**
 * Which channel each alert type takes, from {@code supervision.order-types}, {@code notice-types}
 * and {@code lead-types}: every rule type in exactly one of them (checked at start, naming the
 * key); the workflow's own types (FEEDBACK_OVERDUE, ESCALATION) are orders.
 */
public final class Channels implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, AlertChannel> byType = new HashMap<>();

    public Channels(CemsflowSettings settings) {
        assign(settings, SupervisionOptions.ORDER_TYPES, AlertChannel.ORDER);
        assign(settings, SupervisionOptions.NOTICE_TYPES, AlertChannel.NOTICE);
        assign(settings, SupervisionOptions.LEAD_TYPES, AlertChannel.LEAD);
        for (String t : AlertType.ruleTypes()) {
            if (!byType.containsKey(t)) {
                throw new SettingsException(
                        "alert type "
                                + t
                                + " is in none of '"
                                + SupervisionOptions.ORDER_TYPES.key()
                                + "', '"
                                + SupervisionOptions.NOTICE_TYPES.key()
                                + "' and '"
                                + SupervisionOptions.LEAD_TYPES.key()
                                + "': give it a channel");
            }
        }
        for (AlertType t : AlertType.values()) {
            if (t.workflow()) {
                byType.put(t.name(), AlertChannel.ORDER);
            }
        }
    }

    private void assign(
            CemsflowSettings settings, ConfigOption<List<String>> option, AlertChannel channel) {
        String key = option.key();
        Set<String> types = settings.set(option);
        for (String t : types) {
            if (!AlertType.ruleTypes().contains(t)) {
                throw new SettingsException(
                        "setting '"
                                + key
                                + "' names '"
                                + t
                                + "', which is not a rule alert type "
                                + AlertType.ruleTypes());
            }
            AlertChannel before = byType.put(t, channel);
            if (before != null) {
                throw new SettingsException(
                        "setting '"
                                + key
                                + "' names "
                                + t
                                + ", which is already on the "
                                + before.name().toLowerCase(java.util.Locale.ROOT)
                                + " channel: a type takes one channel");
            }
        }
    }

    /** The channel of a type (an unknown type, from a newer rule: an order, as Avro's default says). */
    public AlertChannel of(String type) {
        return byType.getOrDefault(type, AlertChannel.ORDER);
    }
}
