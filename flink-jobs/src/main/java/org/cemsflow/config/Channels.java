package org.cemsflow.config;

import org.cemsflow.model.AlertType;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.cemsflow.avro.AlertChannel;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.SettingsException;

/**
 * Which channel each alert type takes, from {@code supervision.order-types}, {@code notice-types}
 * and {@code lead-types}: every rule type in exactly one of them (checked at start, naming the
 * key); the workflow's own types (FEEDBACK_OVERDUE, ESCALATION) are orders.
 */
public final class Channels implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String ORDERS = "supervision.order-types";
    public static final String NOTICES = "supervision.notice-types";
    public static final String LEADS = "supervision.lead-types";

    private final Map<String, AlertChannel> byType = new HashMap<>();

    public Channels(CemsflowSettings settings) {
        assign(settings, ORDERS, AlertChannel.ORDER);
        assign(settings, NOTICES, AlertChannel.NOTICE);
        assign(settings, LEADS, AlertChannel.LEAD);
        for (String t : AlertType.ruleTypes()) {
            if (!byType.containsKey(t)) {
                throw new SettingsException("alert type " + t + " is in none of '" + ORDERS + "', '" + NOTICES + "' and '"
                        + LEADS + "': give it a channel");
            }
        }
        for (AlertType t : AlertType.values()) {
            if (t.workflow()) {
                byType.put(t.name(), AlertChannel.ORDER);
            }
        }
    }

    private void assign(CemsflowSettings settings, String key, AlertChannel channel) {
        Set<String> types = settings.set(key);
        for (String t : types) {
            if (!AlertType.ruleTypes().contains(t)) {
                throw new SettingsException("setting '" + key + "' names '" + t + "', which is not a rule alert type "
                        + AlertType.ruleTypes());
            }
            AlertChannel before = byType.put(t, channel);
            if (before != null) {
                throw new SettingsException("setting '" + key + "' names " + t + ", which is already on the "
                        + before.name().toLowerCase(java.util.Locale.ROOT) + " channel: a type takes one channel");
            }
        }
    }

    /** The channel of a type (an unknown type, from a newer rule: an order, as Avro's default says). */
    public AlertChannel of(String type) {
        return byType.getOrDefault(type, AlertChannel.ORDER);
    }
}
