package org.cemsflow.correlation;

import java.util.Set;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;

/**
 * Which alerts are correlation episodes (the cemsflow.anomaly_episodes table) and whether an
 * event leaves its episode still going: the detectors of a lasting condition open an episode when
 * it qualifies and close it with an UPDATED event carrying its end; DECLARED_STOP_BUT_RUNNING (the
 * declared period) and LOAD_DECOUPLING (a whole day) are complete when they open.
 */
public final class AnomalyEpisodes {
    public static final Set<String> TYPES = Set.of(TreatmentNotRunningDetector.TYPE,
            DataMissingWhileProducingDetector.TYPE, ConstantValueDetector.TYPE, ZeroValueDetector.TYPE,
            SuddenChangeDetector.TYPE, LoadDecouplingDetector.TYPE, DeclaredStopButRunningDetector.TYPE,
            ConversionMismatchDetector.TYPE);
    static final Set<String> COMPLETE_WHEN_OPENED = Set.of(LoadDecouplingDetector.TYPE,
            DeclaredStopButRunningDetector.TYPE);

    private AnomalyEpisodes() {}

    /** An event that changes a correlation episode (opened, its end, retracted). */
    public static boolean changesEpisode(AlertEvent e) {
        if (!TYPES.contains(e.getAlert().getType())) {
            return false;
        }
        return switch (e.getEvent()) {
            case OPENED, UPDATED, RETRACTED, REOPENED -> true;
            default -> false;
        };
    }

    /** Whether the episode still lasts after this event. */
    public static boolean ongoing(AlertEvent e) {
        return (e.getEvent() == AlertEventType.OPENED || e.getEvent() == AlertEventType.REOPENED)
                && !COMPLETE_WHEN_OPENED.contains(e.getAlert().getType());
    }
}
